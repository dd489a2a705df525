package dev.p2p.peer;

import java.net.BindException;

import org.jspecify.annotations.Nullable;

/**
 * The node could not listen: its server address and port could not be bound (the port is in
 * use, or the address is not one of this host's). Thrown by {@code PeerNode#start()}, so the
 * application fails to start; carries what was asked for, for the failure analysis.
 */
public class PeerServerBindException extends IllegalStateException {

	private final @Nullable String address;

	private final int port;

	/**
	 * Create the exception.
	 * @param message names the address, the port and the cause
	 * @param address address asked for, {@code null} for all
	 * @param port port asked for
	 * @param cause the bind failure
	 */
	public PeerServerBindException(String message, @Nullable String address, int port, Throwable cause) {
		super(message, cause);
		this.address = address;
		this.port = port;
	}

	/**
	 * Address the node tried to listen on.
	 * @return the address, {@code null} for all
	 */
	public @Nullable String getAddress() {
		return this.address;
	}

	/**
	 * Port the node tried to listen on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Whether the port is taken by another socket (as opposed to an address that cannot be
	 * bound).
	 * @return {@code true} if the cause says the address is in use
	 */
	public boolean isPortInUse() {
		for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
				return true;
			}
		}
		return false;
	}

}
