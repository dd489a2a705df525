package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BiFunction;

import javax.net.SocketFactory;


import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;


/**
 * One client connection factory for every address the node dials. Spring Integration's client
 * factory is bound to one host and port, and keeps its last connection until it makes the next
 * one; a factory per address would keep about 20 KiB for every address ever dialled (peer
 * exchange, DNS discovery and changing addresses reach thousands). This one takes the target
 * per dial and forgets each connection as soon as it closes, so dialling keeps no per-address
 * state.
 */
final class DialingConnectionFactory extends TcpNetClientConnectionFactory {

	private final BiFunction<Socket, Boolean, TcpPeerConnection> connectionMaker;

	/**
	 * Create the factory; configure and start it before the first dial.
	 * @param connectionMaker makes the connection object of a connected socket (and whether it
	 * is to act as the accepting end)
	 */
	DialingConnectionFactory(BiFunction<Socket, Boolean, TcpPeerConnection> connectionMaker) {
		// host and port of the parent are never used: each dial names its target
		super("dialled-per-connection", 1);
		this.connectionMaker = connectionMaker;
	}

	/**
	 * A connected socket with the parent's connect timeout; a host with A and AAAA records is
	 * raced over both families ({@link HappyEyeballs}).
	 */
	@Override
	protected Socket createSocket(String host, int port) throws IOException {
		SocketFactory factory = getTcpSocketFactorySupport().getSocketFactory();
		Duration timeout = getConnectTimeout();
		return HappyEyeballs.connect(host, port, timeout,
				(target) -> ReusePortSockets.connect(factory.createSocket(), target, timeout));
	}

	/**
	 * Connect to a peer, the way the parent builds a connection to its fixed target: socket
	 * options, interceptors, listener and senders, then the connection's reader is started.
	 * @param host host name or address
	 * @param port port
	 * @return the connection
	 * @throws IOException if the connection cannot be made
	 */
	TcpConnectionSupport dial(String host, int port) throws IOException {
		checkActive();
		return adopt(createSocket(host, port), false);
	}

	/**
	 * Make a connection of a socket connected elsewhere (a hole punch's simultaneous open).
	 * @param socket the connected socket
	 * @param server whether this end acts as the accepting one (waits for the HELLO)
	 * @return the connection, its reader started
	 * @throws IOException if the socket cannot be set up
	 */
	TcpConnectionSupport adopt(Socket socket, boolean server) throws IOException {
		checkActive();
		try {
			setSocketAttributes(socket);
			TcpConnectionSupport connection = this.connectionMaker.apply(socket, server);
			if (!wrapConnection(connection).equals(connection)) {
				// the node reads and writes PeerConnections; an interceptor would hide them
				connection.close();
				throw new IllegalStateException("Connection interceptors are not supported on peer connections");
			}
			initializeConnection(connection, socket);
			getTaskExecutor().execute(connection);
			return connection;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Drop a closed connection from the factory's map at once (the parent would keep it until
	 * its next dial).
	 * @param connection a closed connection
	 */
	void forget(TcpConnection connection) {
		this.connections.remove(connection.getConnectionId());
	}

}
