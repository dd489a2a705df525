package dev.p2p.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import javax.net.SocketFactory;

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

	/**
	 * Take over a socket connected by other means (a hole punch's simultaneous open, where both
	 * ends dialled) as a connection of this transport.
	 * @param socket the connected socket
	 * @param accepting whether this end acts as the accepting one (TLS server, waits for HELLO)
	 * @param first bytes to write before anything else (inside TLS), such as PUNCH_JOIN; may be empty
	 * @return the new connection
	 * @throws IOException if the transport cannot take sockets over, or setting it up fails
	 */
	default Connection adopt(java.net.Socket socket, boolean accepting, byte[] first) throws IOException {
		socket.close();
		throw new IOException(getClass().getSimpleName() + " cannot take over a connected socket");
	}

	/**
	 * Makes the sockets a hole punch dials, of a kind {@link #adopt} can take over.
	 * @return the factory; plain sockets unless the transport needs others
	 */
	default SocketFactory adoptableSockets() {
		return SocketFactory.getDefault();
	}

}
