package dev.p2p.test.network;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

import dev.p2p.peer.PeerAddress;

/**
 * The network link from one node of a {@link P2pTestNetwork} to another: a TCP relay on
 * {@code 127.0.0.1} that the dialling node connects to instead of the other node's port, with
 * switches for the faults of a real network. It works on the bytes of the connection, below
 * the protocol and whatever transport carries it (TLS included), so the nodes see exactly what
 * they would see on a bad network:
 * <ul>
 * <li>{@link #drop()}: bytes in both directions are discarded and the connections stay open, as
 * when a peer vanishes or a cable is pulled; heartbeats then time out. New connections are
 * accepted and hear nothing (their handshakes time out).
 * <li>{@link #delay(Duration)}: every byte arrives that much later, in order (TCP never reorders
 * or duplicates, nor does the link).
 * <li>{@link #cut()}: the open connections are closed now (the nodes see a reset and redial).
 * <li>{@link #heal()}: no more dropping or delay; the next dial succeeds.
 * </ul>
 */
public final class Link implements AutoCloseable {

	private static final int BUFFER_SIZE = 16 * 1024;

	private final String from;

	private final String to;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean dropping;

	private volatile long delayNanos;

	private volatile boolean closed;

	Link(String from, String to, int targetPort) throws IOException {
		this.from = from;
		this.to = to;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon("p2p-link-accept-" + from + "-" + to, this::acceptLoop).start();
	}

	/**
	 * The dialling side of the link.
	 * @return the node id that dials through it
	 */
	public String getFrom() {
		return this.from;
	}

	/**
	 * The listening side of the link.
	 * @return the node id it forwards to
	 */
	public String getTo() {
		return this.to;
	}

	/**
	 * Where the dialling node connects: the relay's address.
	 * @return a loopback address
	 */
	public PeerAddress getAddress() {
		return new PeerAddress(this.server.getInetAddress().getHostAddress(), this.server.getLocalPort());
	}

	/**
	 * Discard every byte in both directions from now on, keeping the connections open.
	 */
	public void drop() {
		this.dropping = true;
	}

	/**
	 * Deliver every byte later, in order.
	 * @param delay the added latency in each direction, {@link Duration#ZERO} for none
	 */
	public void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	/**
	 * Close the connections open on the link now; new ones are accepted.
	 */
	public void cut() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	/**
	 * Stop dropping and delaying.
	 */
	public void heal() {
		this.dropping = false;
		this.delayNanos = 0;
	}

	/**
	 * Whether the link drops what it carries.
	 * @return {@code true} after {@link #drop()} until {@link #heal()}
	 */
	public boolean isDropping() {
		return this.dropping;
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		cut();
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket dialler = this.server.accept();
				Socket listener;
				try {
					listener = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				}
				catch (IOException ex) {
					closeQuietly(dialler);
					continue;
				}
				dialler.setTcpNoDelay(true);
				listener.setTcpNoDelay(true);
				this.sockets.add(dialler);
				this.sockets.add(listener);
				pipe(dialler, listener, this.from + ">" + this.to);
				pipe(listener, dialler, this.to + ">" + this.from);
			}
			catch (IOException ex) {
				// the server socket closed: the link is gone
			}
		}
	}

	/** One direction: a reader that drops or queues, a writer that delivers when due. */
	private void pipe(Socket source, Socket sink, String name) throws IOException {
		InputStream in = source.getInputStream();
		OutputStream out = sink.getOutputStream();
		BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
		daemon("p2p-link-read-" + name, () -> {
			byte[] buffer = new byte[BUFFER_SIZE];
			try {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					if (!this.dropping) {
						queue.add(new Chunk(System.nanoTime() + this.delayNanos, Arrays.copyOf(buffer, n)));
					}
				}
			}
			catch (IOException ex) {
				// closed: end both sides below
			}
			// a dropping link does not pass the close on either: the other node only learns of it
			// by its own timeout, as across a real partition
			queue.add(this.dropping ? Chunk.SILENT_END : Chunk.END);
		}).start();
		daemon("p2p-link-write-" + name, () -> {
			try {
				for (Chunk chunk = queue.take(); chunk != Chunk.END; chunk = queue.take()) {
					if (chunk == Chunk.SILENT_END) {
						closeQuietly(source);
						this.sockets.remove(source);
						return;
					}
					for (long wait = chunk.due - System.nanoTime(); wait > 0; wait = chunk.due - System.nanoTime()) {
						LockSupport.parkNanos(wait);
					}
					if (!this.dropping) {
						out.write(chunk.bytes);
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed
			}
			// the other end closed (or failed): pass that on, as a network would
			closeQuietly(source);
			closeQuietly(sink);
			this.sockets.remove(source);
			this.sockets.remove(sink);
		}).start();
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public String toString() {
		return "Link " + this.from + " -> " + this.to + " via " + getAddress();
	}

	private record Chunk(long due, byte[] bytes) {

		static final Chunk END = new Chunk(0, new byte[0]);

		static final Chunk SILENT_END = new Chunk(0, new byte[0]);

	}

}
