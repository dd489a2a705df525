package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sockets that share the node's listen port ("port reuse"): the listener and a hole punch's
 * outbound sockets set {@code SO_REUSEADDR} and {@code SO_REUSEPORT} before they bind, so that
 * the punch leaves from the listen port. A NAT that preserves ports maps it to the same public
 * port the node's peers were told about, and two nodes behind two NATs open a TCP connection to
 * each other by dialling at the same time (simultaneous open). Ordinary dials do not share the
 * port: two nodes dialling each other at the same moment would otherwise make one connection
 * that both think they dialled. Linux requires the option on every socket of
 * the port before its bind, which is why sockets are created unbound here; a listener bound in
 * one call by a {@link ServerSocketFactory} could not be shared.
 * <p>
 * Where the platform has no {@code SO_REUSEPORT} everything falls back to ordinary sockets
 * (logged once), and hole punching is not possible.
 */
public final class ReusePortSockets {

	private static final Log logger = LogFactory.getLog(ReusePortSockets.class);

	private static final boolean SUPPORTED = probe();

	private ReusePortSockets() {
	}

	/**
	 * Whether this platform lets sockets share a port ({@code SO_REUSEPORT}).
	 * @return {@code true} when port reuse (and so hole punching) is possible
	 */
	public static boolean supported() {
		return SUPPORTED;
	}

	/**
	 * Bind a listener that outbound sockets may share. The port is first bound by a probe socket
	 * without {@code SO_REUSEPORT}, so that a port another process (or another node) already uses
	 * fails with the usual {@link BindException} instead of being silently shared.
	 * @param factory makes the unbound server socket (plain or TLS)
	 * @param address the local address, {@code null} for every interface (dual stack)
	 * @param port the port, 0 for an ephemeral one
	 * @param backlog accept backlog
	 * @return the bound listener
	 * @throws IOException if the port cannot be bound
	 */
	public static ServerSocket listen(ServerSocketFactory factory, @Nullable InetAddress address, int port,
			int backlog) throws IOException {
		int chosen = freePort(address, port);
		ServerSocket socket = factory.createServerSocket();
		try {
			share(socket);
			socket.bind(new InetSocketAddress(address, chosen), backlog);
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * The port a shared listener is to bind, checked by binding it once without
	 * {@code SO_REUSEPORT}: a port another process (or another node) already uses fails with the
	 * usual {@link BindException} instead of being silently shared.
	 * @param address the local address, {@code null} for every interface
	 * @param port the port, 0 for an ephemeral one
	 * @return the port to bind, shared
	 * @throws IOException if the port is in use
	 */
	public static int freePort(@Nullable InetAddress address, int port) throws IOException {
		try (ServerSocket probe = new ServerSocket()) {
			probe.bind(new InetSocketAddress(address, port), 1);
			return probe.getLocalPort();
		}
	}

	/**
	 * Dial from the listen port without falling back: a hole punch needs exactly this mapping.
	 * @param factory makes the unconnected socket
	 * @param target where to connect
	 * @param local the listen address to leave from
	 * @param timeout connect timeout
	 * @return the connected socket
	 * @throws IOException if binding or connecting fails
	 */
	public static Socket dialFromPort(SocketFactory factory, InetSocketAddress target, InetSocketAddress local,
			Duration timeout) throws IOException {
		Socket socket = factory.createSocket();
		try {
			share(socket);
			socket.bind(bindAddress(local, target));
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
		return connect(socket, target, timeout);
	}

	private static InetSocketAddress bindAddress(InetSocketAddress local, InetSocketAddress target) {
		InetAddress address = local.getAddress();
		boolean specific = address != null && !address.isAnyLocalAddress() && target.getAddress() != null
				&& address.getClass() == target.getAddress().getClass();
		return specific ? local : new InetSocketAddress(local.getPort());
	}

	/**
	 * Connect an unconnected socket with a timeout, closing it when that fails.
	 * @param socket the socket
	 * @param target where to connect
	 * @param timeout connect timeout
	 * @return the connected socket
	 * @throws IOException if it cannot connect
	 */
	static Socket connect(Socket socket, InetSocketAddress target, Duration timeout) throws IOException {
		try {
			socket.connect(target, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	private static void share(ServerSocket socket) throws IOException {
		socket.setReuseAddress(true);
		socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
	}

	private static void share(Socket socket) throws IOException {
		socket.setReuseAddress(true);
		socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
	}

	private static boolean probe() {
		try (ServerSocket server = new ServerSocket(); Socket socket = new Socket()) {
			boolean supported = server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
					&& socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
			if (!supported) {
				logger.info("SO_REUSEPORT is not supported here: connections leave from ephemeral ports and "
						+ "hole punching is off");
			}
			return supported;
		}
		catch (IOException ex) {
			logger.info("Cannot probe SO_REUSEPORT (" + ex.getMessage() + "): port reuse and hole punching are off");
			return false;
		}
	}

}
