package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpSocketFactorySupport;

import dev.p2p.transport.TlsContext;

/**
 * TLS socket factories that read the {@link TlsContext} for every new connection, where Spring
 * Integration's default support takes the SSL context once: a dialled socket comes from the
 * current context's factory, and the server socket is a plain one whose {@code accept()} layers
 * TLS with the current context over each accepted socket, so a rotated certificate applies to
 * the next accepted connection without rebinding the port. The TLS handshake itself still runs
 * on the connection's first read or write, on its reader thread.
 */
final class TlsSocketFactorySupport implements TcpSocketFactorySupport {

	private final TlsContext context;

	TlsSocketFactorySupport(TlsContext context) {
		this.context = context;
	}

	@Override
	public SocketFactory getSocketFactory() {
		return this.context.current().context().getSocketFactory();
	}

	@Override
	public ServerSocketFactory getServerSocketFactory() {
		return new ServerSocketFactory() {

			@Override
			public ServerSocket createServerSocket() throws IOException {
				return new TlsLayeringServerSocket();
			}

			@Override
			public ServerSocket createServerSocket(int port) throws IOException {
				return bind(new TlsLayeringServerSocket(), port, 50, null);
			}

			@Override
			public ServerSocket createServerSocket(int port, int backlog) throws IOException {
				return bind(new TlsLayeringServerSocket(), port, backlog, null);
			}

			@Override
			public ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress address) throws IOException {
				return bind(new TlsLayeringServerSocket(), port, backlog, address);
			}

		};
	}

	private static ServerSocket bind(ServerSocket socket, int port, int backlog, @Nullable InetAddress address)
			throws IOException {
		try {
			socket.bind(new InetSocketAddress(address, port), backlog);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/** Accepts plain sockets and returns them wrapped in server-mode TLS with the current context. */
	private final class TlsLayeringServerSocket extends ServerSocket {

		TlsLayeringServerSocket() throws IOException {
		}

		@Override
		public Socket accept() throws IOException {
			Socket plain = new Socket();
			implAccept(plain);
			try {
				SSLSocketFactory factory = TlsSocketFactorySupport.this.context.current().context().getSocketFactory();
				// server mode, nothing read from the plain socket yet
				return factory.createSocket(plain, null, true);
			}
			catch (IOException | RuntimeException ex) {
				plain.close();
				throw ex;
			}
		}

	}

}
