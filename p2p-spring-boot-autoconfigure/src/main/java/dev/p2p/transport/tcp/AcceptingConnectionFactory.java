package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The accepting side of the TCP transport: a server connection factory that reports the outcome
 * of binding, so start-up can wait for the bound port (essential with port 0) or fail with the
 * bind error, that can stop accepting without closing what it accepted, and that forgets closed
 * connections at once. The dialling side is {@link DialingConnectionFactory}.
 */
final class AcceptingConnectionFactory extends TcpNetServerConnectionFactory {

	private static final long HARVEST_INTERVAL_NANOS = 1_000_000_000L;

	private final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();

	private final boolean reusePort;

	private volatile long lastHarvest = System.nanoTime();

	/**
	 * Create the factory; configure and start it, then wait with {@link #awaitBound}.
	 * @param port the port, 0 for an ephemeral one
	 * @param reusePort whether the listen port is shared with outbound sockets (hole punching)
	 */
	AcceptingConnectionFactory(int port, boolean reusePort) {
		super(port);
		this.reusePort = reusePort;
	}

	/**
	 * Wait until the started factory's server socket is bound; on failure the factory is stopped.
	 * @param address the local address asked for, for the error message
	 * @param bindTimeout how long to wait
	 * @return the bound address
	 * @throws IOException if the port cannot be bound in time
	 */
	InetSocketAddress awaitBound(@Nullable String address, Duration bindTimeout) throws IOException {
		int port = getPort();
		try {
			return this.bound.get(bindTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			stop();
			Throwable cause = ex.getCause();
			throw new IOException("Cannot listen on " + (address != null ? address : "*") + ":" + port + ": "
					+ cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			stop();
			throw new IOException("Server socket on port " + port + " not bound within " + bindTimeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IOException("Interrupted while binding port " + port, ex);
		}
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic)
			throws IOException {
		try {
			return this.reusePort
					? ReusePortSockets.listen(getTcpSocketFactorySupport().getServerSocketFactory(), whichNic, port,
							Math.abs(backlog))
					: super.createServerSocket(port, backlog, whichNic);
		}
		catch (IOException | RuntimeException ex) {
			// inactive, the factory does not log the failure at ERROR with its stack trace:
			// startServer throws it, and the start-up failure analysis explains it once
			setActive(false);
			this.bound.completeExceptionally(ex);
			throw ex;
		}
	}

	/**
	 * Bound is reported once the factory says it listens (just after binding), so that the node
	 * is listening when start-up returns.
	 */
	@Override
	protected void setListening(boolean listening) {
		super.setListening(listening);
		ServerSocket socket = getServerSocket();
		if (listening && socket != null) {
			this.bound.complete((InetSocketAddress) socket.getLocalSocketAddress());
		}
	}

	/**
	 * The factory sweeps its whole connection map after every accept, which makes
	 * accepting n peers cost O(n^2); the node tracks its sessions itself, so once a second
	 * is enough to drop closed connections from the factory's map.
	 */
	@Override
	protected void harvestClosedConnections() {
		long now = System.nanoTime();
		if (now - this.lastHarvest >= HARVEST_INTERVAL_NANOS) {
			this.lastHarvest = now;
			super.harvestClosedConnections();
		}
	}

	/** Drop a closed connection from the factory's map at once. */
	void forget(TcpConnection connection) {
		this.connections.remove(connection.getConnectionId());
	}

	/** Close the server socket without closing the connections it accepted. */
	void stopAccepting() {
		ServerSocket socket = getServerSocket();
		setActive(false);
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.debug(ex, "Error closing server socket");
			}
		}
	}

}
