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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.p2p.wire.FrameFormat;

/**
 * Plain blocking {@code java.net} sockets on loopback, one write system call per frame: the naive baseline.
 */
public final class PlainSocketVariant implements Variant {

	/** Type code of every data frame. */
	static final int DATA_TYPE = 13;

	/** Largest payload accepted. */
	static final int MAX_PAYLOAD = 16 * 1024 * 1024;

	private static final int HEADER_SIZE = FrameFormat.HEADER_SIZE;

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int TIMEOUT_MILLIS = 120_000;

	private static final long JOIN_MILLIS = 5_000;

	@Override
	public String name() {
		return "plain";
	}

	@Override
	public ThroughputPair throughputPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		Endpoints endpoints = new Endpoints();
		try {
			Socket[] link = endpoints.connect();
			Receiver receiver = endpoints.startReceiver(link[1], payloadSize, "plain-receiver");
			byte[] frame = frame(payloadSize);
			OutputStream out = new BufferedOutputStream(link[0].getOutputStream(), BUFFER_SIZE);
			return new ThroughputPair() {

				private long total;

				@Override
				public long sendWindow(int packets) throws Exception {
					checkCount(packets);
					long start = System.nanoTime();
					long first = this.total;
					long target = this.total += packets;
					for (long sequence = first; sequence < target; sequence++) {
						SequenceChecker.writeLongLE(frame, HEADER_SIZE, sequence);
						out.write(frame);
						out.flush();
					}
					Waits.until(() -> receiver.checker.received() >= target || receiver.error != null, TIMEOUT_MILLIS,
							"packet " + (target - 1));
					long elapsed = System.nanoTime() - start;
					receiver.check();
					receiver.checker.verify(target);
					return elapsed;
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	@Override
	public RoundTripPair roundTripPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		Endpoints endpoints = new Endpoints();
		try {
			Socket[] link = endpoints.connect();
			Socket serverSide = link[1];
			FrameReader serverReader = new FrameReader(serverSide, payloadSize);
			OutputStream serverOut = new BufferedOutputStream(serverSide.getOutputStream(), BUFFER_SIZE);
			endpoints.start("plain-echo", () -> {
				int length;
				while ((length = serverReader.read()) >= 0) {
					serverOut.write(serverReader.frame, 0, HEADER_SIZE + length);
					serverOut.flush();
				}
			}, serverSide);
			Socket client = link[0];
			client.setSoTimeout(TIMEOUT_MILLIS);
			FrameReader reader = new FrameReader(client, payloadSize);
			OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER_SIZE);
			byte[] frame = frame(payloadSize);
			return new RoundTripPair() {

				private long sequence;

				@Override
				public long[] roundTrips(int count) throws Exception {
					checkCount(count);
					long[] times = new long[count];
					for (int i = 0; i < count; i++) {
						long sequence = this.sequence++;
						long start = System.nanoTime();
						SequenceChecker.writeLongLE(frame, HEADER_SIZE, sequence);
						out.write(frame);
						out.flush();
						int length = reader.read();
						long end = System.nanoTime();
						if (length < 0) {
							throw new EOFException("connection closed before reply " + sequence);
						}
						long replied = SequenceChecker.readLongLE(reader.frame, HEADER_SIZE);
						if (length != payloadSize || replied != sequence) {
							throw new IllegalStateException("expected reply " + sequence + " of " + payloadSize
									+ " bytes, got " + replied + " of " + length);
						}
						times[i] = end - start;
					}
					return times;
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	@Override
	public FanoutGroup fanoutGroup(int receivers, int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		if (receivers < 1) {
			throw new IllegalArgumentException("receivers must be at least 1: " + receivers);
		}
		Endpoints endpoints = new Endpoints();
		try {
			OutputStream[] outs = new OutputStream[receivers];
			Receiver[] checked = new Receiver[receivers];
			for (int i = 0; i < receivers; i++) {
				Socket[] link = endpoints.connect();
				outs[i] = new BufferedOutputStream(link[0].getOutputStream(), BUFFER_SIZE);
				checked[i] = endpoints.startReceiver(link[1], payloadSize, "plain-receiver-" + i);
			}
			byte[] frame = frame(payloadSize);
			return new FanoutGroup() {

				private long total;

				@Override
				public long broadcastWindow(int packets) throws Exception {
					checkCount(packets);
					long start = System.nanoTime();
					long first = this.total;
					long target = this.total += packets;
					for (long sequence = first; sequence < target; sequence++) {
						SequenceChecker.writeLongLE(frame, HEADER_SIZE, sequence);
						for (OutputStream out : outs) {
							out.write(frame);
							out.flush();
						}
					}
					Waits.until(() -> allReceived(checked, target), TIMEOUT_MILLIS,
							"packet " + (target - 1) + " at every receiver");
					long elapsed = System.nanoTime() - start;
					for (Receiver receiver : checked) {
						receiver.check();
						receiver.checker.verify(target);
					}
					return elapsed;
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	private static boolean allReceived(Receiver[] receivers, long target) {
		for (Receiver receiver : receivers) {
			if (receiver.error != null) {
				return true;
			}
			if (receiver.checker.received() < target) {
				return false;
			}
		}
		return true;
	}

	private static void checkPayloadSize(int payloadSize) {
		if (payloadSize < 8 || payloadSize > MAX_PAYLOAD) {
			throw new IllegalArgumentException(
					"payload size must be between 8 and " + MAX_PAYLOAD + ": " + payloadSize);
		}
	}

	private static void checkCount(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative: " + count);
		}
	}

	/** A whole data frame: header and constant payload; the caller writes the sequence number. */
	private static byte[] frame(int payloadSize) {
		byte[] frame = new byte[HEADER_SIZE + payloadSize];
		FrameFormat.writeHeader(frame, 0, DATA_TYPE, payloadSize);
		Arrays.fill(frame, HEADER_SIZE, frame.length, (byte) 0x5A);
		return frame;
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
			if (type != DATA_TYPE) {
				throw new IOException("unexpected frame type " + Integer.toUnsignedString(type));
			}
			if (length < 8 || length > MAX_PAYLOAD) {
				throw new IOException("bad payload length " + Integer.toUnsignedString(length));
			}
			if (HEADER_SIZE + length > this.frame.length) {
				this.frame = new byte[HEADER_SIZE + length];
			}
			FrameFormat.writeHeader(this.frame, 0, type, length);
			this.in.readFully(this.frame, HEADER_SIZE, length);
			return length;
		}

	}

	/** A receiving thread's result. */
	private static final class Receiver {

		final SequenceChecker checker;

		volatile Throwable error;

		Receiver(int payloadSize) {
			this.checker = new SequenceChecker(payloadSize);
		}

		void check() {
			Throwable failure = this.error;
			if (failure != null) {
				throw new IllegalStateException("receiving failed: " + failure, failure);
			}
		}

	}

	/** One server socket, the sockets on both sides, the threads; closes them all. */
	private static final class Endpoints implements AutoCloseable {

		private final ServerSocket server;

		private final List<Closeable> closeables = new ArrayList<>();

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean closed;

		Endpoints() throws IOException {
			this.server = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"));
			this.closeables.add(this.server);
			this.server.setSoTimeout(TIMEOUT_MILLIS);
		}

		/**
		 * Connect a client to the server socket.
		 * @return the client socket and the accepted socket
		 */
		Socket[] connect() throws IOException {
			Socket client = new Socket();
			this.closeables.add(client);
			client.setTcpNoDelay(true);
			client.connect(new InetSocketAddress(this.server.getInetAddress(), this.server.getLocalPort()),
					TIMEOUT_MILLIS);
			Socket accepted = this.server.accept();
			this.closeables.add(accepted);
			accepted.setTcpNoDelay(true);
			return new Socket[] { client, accepted };
		}

		Receiver startReceiver(Socket socket, int payloadSize, String name) throws IOException {
			Receiver receiver = new Receiver(payloadSize);
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

		/** Run a task on a daemon thread; when it ends, close {@code socket}. */
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
					closeQuietly(socket);
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
