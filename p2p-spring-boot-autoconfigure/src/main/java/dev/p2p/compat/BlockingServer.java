package dev.p2p.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A plain blocking TCP server for the compatibility profiles (low-volume protocols, one thread
 * per connection from a bounded pool): one thread accepts, each connection is served by a task
 * of the pool, and a connection that finds no thread (or that {@code admit} turns away) is handed
 * to {@code refuse} on the accepting thread.
 */
public final class BlockingServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BlockingServer.class);

	private final ServerSocket socket;

	private BlockingServer(ServerSocket socket) {
		this.socket = socket;
	}

	/**
	 * Bind and start accepting.
	 * @param address the bind address
	 * @param port the port, 0 for an ephemeral one
	 * @param pool runs the accepting loop and every connection
	 * @param admit whether another connection may be served now
	 * @param serve serves one connection (and closes it)
	 * @param refuse closes a connection that is not served, after reporting it
	 * @return the running server
	 * @throws IOException if the port cannot be bound
	 */
	public static BlockingServer start(String address, int port, ExecutorService pool, BooleanSupplier admit,
			Consumer<Socket> serve, Consumer<Socket> refuse) throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(address, port), 50);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		BlockingServer server = new BlockingServer(socket);
		pool.execute(() -> server.accept(pool, admit, serve, refuse));
		return server;
	}

	/**
	 * The bound port.
	 * @return the port
	 */
	public int port() {
		return this.socket.getLocalPort();
	}

	private void accept(ExecutorService pool, BooleanSupplier admit, Consumer<Socket> serve, Consumer<Socket> refuse) {
		while (!this.socket.isClosed()) {
			Socket accepted;
			try {
				accepted = this.socket.accept();
			}
			catch (SocketException ex) {
				return;
			}
			catch (IOException ex) {
				logger.warn("Accepting on port " + port() + " failed: " + ex.getMessage());
				continue;
			}
			try {
				if (!admit.getAsBoolean()) {
					throw new RejectedExecutionException("not admitted");
				}
				pool.execute(() -> serve.accept(accepted));
			}
			catch (RejectedExecutionException ex) {
				refuse.accept(accepted);
			}
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
