package dev.p2p.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Opens {@link Connection}s: accepts them on a server socket and dials them. Everything that
 * happens on a connection (opened, frames read, closed) goes to the {@link ConnectionHandler}
 * the transport was made with ({@link TransportFactory}).
 */
public interface Transport {

	/**
	 * Bind the server socket and start accepting.
	 * @param address local address to bind, {@code null} or {@code 0.0.0.0} for all
	 * @param port port, 0 for an ephemeral one
	 * @param bindTimeout how long to wait for the bind
	 * @return the bound address
	 * @throws IOException if the port cannot be bound
	 */
	InetSocketAddress startServer(@Nullable String address, int port, Duration bindTimeout) throws IOException;

	/**
	 * Stop accepting and close the server socket. Accepted connections stay open.
	 */
	void stopServer();

	/**
	 * Whether the server socket is bound and accepting.
	 * @return {@code true} while listening
	 */
	boolean isListening();

	/**
	 * Dial a peer. Blocks until the connection is established; the handler has been told about
	 * it (and may have queued a greeting) before this returns.
	 * @param host host name or address
	 * @param port port
	 * @return the new connection
	 * @throws IOException if the connection cannot be made
	 */
	Connection connect(String host, int port) throws IOException;

	/**
	 * Close the server socket and every connection.
	 */
	void stop();

}
