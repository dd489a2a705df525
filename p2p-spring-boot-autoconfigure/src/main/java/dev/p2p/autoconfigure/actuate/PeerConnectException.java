package dev.p2p.autoconfigure.actuate;

/**
 * A connect request of the {@code p2p} endpoint that produced no session: the connection or the
 * handshake failed, or took too long.
 */
public class PeerConnectException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message names the address and what went wrong
	 * @param cause the underlying failure
	 */
	public PeerConnectException(String message, Throwable cause) {
		super(message, cause);
	}

}
