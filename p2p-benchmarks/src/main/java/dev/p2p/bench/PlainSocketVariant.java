package dev.p2p.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.p2p.wire.FrameFormat;

/**
 * Plain blocking {@code java.net} sockets on loopback, one write system call per frame: the naive baseline.
 */
public final class PlainSocketVariant extends ReferenceVariant {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final long JOIN_MILLIS = 5_000;

	@Override
	public String name() {
		return "plain";
	}

	/** One server socket; every accepted socket has a reading thread of its own. */
	@Override
	public Receivers listenReceivers(int receivers, int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints(true);
		return closeOnFailure(endpoints::close, () -> {
			List<CheckedReceiver> accepted = new CopyOnWriteArrayList<>();
			endpoints.start("plain-acceptor", () -> {
				for (int i = 0; i < receivers; i++) {
					String name = (receivers > 1) ? "plain-receiver-" + i : "plain-receiver";
					accepted.add(endpoints.startReceiver(endpoints.accept(), payloadSize, name));
				}
			}, null);
			return new Receivers("127.0.0.1:" + endpoints.server.getLocalPort(), accepted,
					() -> accepted.size() == receivers, endpoints::close);
		});
	}

	/** One sending socket per receiver, each frame written to all of them in turn. */
	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints(false);
		return closeOnFailure(endpoints::close, () -> {
			OutputStream[] outs = new OutputStream[receivers];
			for (int i = 0; i < receivers; i++) {
				Socket socket = endpoints.dial(RemoteFanout.socketAddress(address));
				outs[i] = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
			}
			byte[] frame = frame(payloadSize);
			PacketWindows.Sender sender = (first, end) -> {
				for (long sequence = first; sequence < end; sequence++) {
					SequenceChecker.writeLongLE(frame, HEADER_SIZE, sequence);
					for (OutputStream out : outs) {
						out.write(frame);
						out.flush();
					}
				}
			};
			return new Hub(sender, endpoints::close);
		});
	}

	/** One server socket; every accepted socket has an echoing thread of its own. */
	@Override
	public Node listenEcho(int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints(true);
		return closeOnFailure(endpoints::close, () -> {
			endpoints.start("plain-acceptor", () -> {
				for (int i = 0; !endpoints.closed; i++) {
					endpoints.startEcho(endpoints.accept(), payloadSize, "plain-echo-" + i);
				}
			}, null);
			return new Node(endpoints.server.getLocalPort(), endpoints::close);
		});
	}

	@Override
	RoundTripPair openRoundTrips(int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints(true);
		return closeOnFailure(endpoints::close, () -> {
			Socket[] link = endpoints.connect();
			endpoints.startEcho(link[1], payloadSize, "plain-echo");
			Socket client = link[0];
			client.setSoTimeout(TIMEOUT_MILLIS);
			FrameReader reader = new FrameReader(client, payloadSize);
			OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER_SIZE);
			byte[] frame = frame(payloadSize);
			return timedPair((sequence) -> {
				SequenceChecker.writeLongLE(frame, HEADER_SIZE, sequence);
				out.write(frame);
				out.flush();
				int length = reader.read();
				if (length < 0) {
					throw new EOFException("connection closed before reply " + sequence);
				}
				return new Reply(SequenceChecker.readLongLE(reader.frame, HEADER_SIZE), length);
			}, payloadSize, () -> {
				endpoints.close();
			});
		});
	}

	/** Work run on a thread of its own. */
	@FunctionalInterface
	private interface Task {

		void run() throws Exception;

	}

	/** Reads whole frames into one reusable array holding header and payload. */
	private static final class FrameReader {

		private final DataInputStream in;

		byte[] frame;

		FrameReader(Socket socket, int payloadSize) throws IOException {
			this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE));
			this.frame = new byte[HEADER_SIZE + payloadSize];
		}

		/**
		 * Read the next frame into {@link #frame}.
		 * @return its payload length, or -1 at the end of the stream
		 * @throws IOException if reading fails or the header is wrong
		 */
		int read() throws IOException {
			int type;
			try {
				type = Integer.reverseBytes(this.in.readInt());
			}
			catch (EOFException ex) {
				return -1;
			}
			int length = Integer.reverseBytes(this.in.readInt());
			String problem = headerProblem(type, length);
			if (problem != null) {
				throw new IOException(problem);
			}
			if (HEADER_SIZE + length > this.frame.length) {
				this.frame = new byte[HEADER_SIZE + length];
			}
			FrameFormat.writeHeader(this.frame, 0, type, length);
			this.in.readFully(this.frame, HEADER_SIZE, length);
			return length;
		}

	}

	/** One server socket, the sockets on both sides, the threads; closes them all. */
	private static final class Endpoints implements AutoCloseable {

		final ServerSocket server;

		private final List<Closeable> closeables = new CopyOnWriteArrayList<>();

		private final List<Thread> threads = new CopyOnWriteArrayList<>();

		volatile boolean closed;

		/** With {@code listen}, a server socket on an ephemeral loopback port; without, dialling only. */
		Endpoints(boolean listen) throws IOException {
			if (listen) {
				this.server = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"));
				this.closeables.add(this.server);
				this.server.setSoTimeout(TIMEOUT_MILLIS);
			}
			else {
				this.server = null;
			}
		}

		/**
		 * Connect a client to the server socket.
		 * @return the client socket and the accepted socket
		 */
		Socket[] connect() throws IOException {
			Socket client = dial(new InetSocketAddress(this.server.getInetAddress(), this.server.getLocalPort()));
			return new Socket[] { client, accept() };
		}

		Socket dial(InetSocketAddress address) throws IOException {
			Socket client = new Socket();
			this.closeables.add(client);
			client.setTcpNoDelay(true);
			client.connect(address, TIMEOUT_MILLIS);
			return client;
		}

		Socket accept() throws IOException {
			Socket accepted = this.server.accept();
			this.closeables.add(accepted);
			accepted.setTcpNoDelay(true);
			return accepted;
		}

		/** Answer every frame on {@code socket} with the same bytes, on a thread of its own. */
		void startEcho(Socket socket, int payloadSize, String name) throws IOException {
			FrameReader reader = new FrameReader(socket, payloadSize);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
			start(name, () -> {
				int length;
				while ((length = reader.read()) >= 0) {
					out.write(reader.frame, 0, HEADER_SIZE + length);
					out.flush();
				}
			}, socket);
		}

		CheckedReceiver startReceiver(Socket socket, int payloadSize, String name) throws IOException {
			CheckedReceiver receiver = new CheckedReceiver(payloadSize);
			FrameReader reader = new FrameReader(socket, payloadSize);
			start(name, () -> {
				try {
					int length;
					while ((length = reader.read()) >= 0) {
						receiver.checker.accept(reader.frame, HEADER_SIZE, length);
					}
				}
				catch (Exception | Error ex) {
					if (!this.closed) {
						receiver.error = ex;
					}
					throw ex;
				}
			}, socket);
			return receiver;
		}

		/** Run a task on a daemon thread; when it ends, close {@code socket} (if there is one). */
		void start(String name, Task task, Socket socket) {
			Thread thread = new Thread(() -> {
				try {
					task.run();
				}
				catch (Exception | Error ex) {
					if (!this.closed) {
						System.err.println(name + " failed: " + ex);
					}
				}
				finally {
					if (socket != null) {
						closeQuietly(socket);
					}
				}
			}, name);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}

		@Override
		public void close() {
			this.closed = true;
			for (Closeable closeable : this.closeables) {
				closeQuietly(closeable);
			}
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
			boolean interrupted = false;
			for (Thread thread : this.threads) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				try {
					thread.join(Math.max(1, left));
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

		private static void closeQuietly(Closeable closeable) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
