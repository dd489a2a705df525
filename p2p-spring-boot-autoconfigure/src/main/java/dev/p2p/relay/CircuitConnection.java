package dev.p2p.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.transport.Connection;
import dev.p2p.transport.InboundFrames;
import dev.p2p.transport.RelayedConnection;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameEncoder;

/**
 * A connection carried in a relay circuit: the bytes of an ordinary connection (HELLO, key
 * proof, frames) travel in CIRCUIT_DATA frames of the hop session with the relay, so the session
 * engine runs on it unchanged and the session is {@code RELAYED}.
 * <p>
 * Flow control is end to end, per circuit: each end may send {@link #WINDOW} bytes, and more as
 * the other end grants CIRCUIT_CREDIT for what it has read. Received bytes are buffered (at most
 * a window) on the hop's reader thread without waiting, and read by this circuit's own reader
 * thread; writes wait for credit on the writing thread. So a slow circuit never holds a hop's
 * reader, and never fills the relay.
 */
public final class CircuitConnection implements Connection, RelayedConnection, CircuitEnd {

	/** Bytes each end may send before the other end grants more. */
	public static final int WINDOW = 256 * 1024;

	/** Credit is given back once this many bytes were read. */
	private static final int CREDIT_THRESHOLD = WINDOW / 4;

	private static final int MAX_FRAMES_PER_BATCH = 256;

	private static final long MAX_BYTES_PER_BATCH = 256 * 1024;

	private final RelayContext relay;

	private final CircuitSessions sessions;

	private final PeerSession hop;

	private final int circuitId;

	private final boolean inbound;

	private final String peerNodeId;

	private final CircuitInput input;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ReentrantLock creditLock = new ReentrantLock();

	private final Condition creditGranted = this.creditLock.newCondition();

	private final FrameEncoder encoder = new FrameEncoder(RelayFrames.MAX_DATA);

	/** Writes CIRCUIT_DATA frames, within the credit. */
	private final OutputStream cipherOutput = new CircuitOutput();

	/** TLS inside the circuit ({@code p2p.ssl.bundle}), or {@code null}. */
	private final @Nullable CircuitTls tls;

	/** Where the encoder writes the carried connection's bytes: through TLS when configured. */
	private final OutputStream output;

	private volatile boolean tlsDone;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final long sendTimeoutNanos;

	/** Bytes this end may still send (guarded by creditLock). */
	private long sendCredit = WINDOW;

	/** Bytes read since credit was last given back (reader thread only). */
	private int unacknowledged;

	private volatile long writeStartedNanos;

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	CircuitConnection(RelayContext relay, CircuitSessions sessions, PeerSession hop, int circuitId, boolean inbound,
			String peerNodeId, long sendTimeoutNanos) {
		this.relay = relay;
		this.sessions = sessions;
		this.hop = hop;
		this.circuitId = circuitId;
		this.inbound = inbound;
		this.peerNodeId = peerNodeId;
		this.sendTimeoutNanos = sendTimeoutNanos;
		this.input = new CircuitInput(WINDOW, this::consumed);
		this.tls = (relay.tls != null) ? new CircuitTls(relay.tls, !inbound, this.input, this.cipherOutput) : null;
		this.output = (this.tls != null) ? this.tls.output() : this.cipherOutput;
	}

	/**
	 * Start the circuit's reader: the engine hears of the connection on that thread, then gets
	 * what arrives. For a dialled circuit, the handshake starts there.
	 * @param opened runs the engine's {@code connectionOpened} (inside a dial request when dialled)
	 */
	void start(Runnable opened, java.util.function.Consumer<Throwable> failed) {
		this.relay.engine().io().execute(() -> {
			boolean announced = false;
			try {
				if (this.tls != null) {
					secure();
				}
				announced = true;
				opened.run();
				readLoop();
			}
			catch (IOException | RuntimeException ex) {
				close(ex);
				if (!announced) {
					failed.accept(ex);
				}
			}
			finally {
				this.sessions.closed(this);
			}
		});
	}

	/** The TLS handshake inside the circuit, within the send timeout. */
	private void secure() throws IOException {
		java.util.concurrent.ScheduledFuture<?> timeout = this.relay.engine().timers().schedule(() -> {
			if (!this.tlsDone) {
				close(new javax.net.ssl.SSLException("TLS handshake in relay circuit " + id() + " did not complete within "
						+ TimeUnit.NANOSECONDS.toMillis(this.sendTimeoutNanos) + " ms"));
			}
		}, this.sendTimeoutNanos, TimeUnit.NANOSECONDS);
		try {
			this.tls.handshake();
			this.tlsDone = true;
		}
		catch (IOException ex) {
			Throwable cause = this.closeCause;
			throw (cause instanceof javax.net.ssl.SSLException timedOut) ? timedOut : ex;
		}
		finally {
			timeout.cancel(false);
		}
	}

	private void readLoop() {
		java.io.InputStream in = new java.io.BufferedInputStream((this.tls != null) ? this.tls.input() : this.input,
				16 * 1024);
		try {
			while (true) {
				InboundFrames batch = new InboundFrames();
				try {
					if (this.relay.engine().decoder().readAvailable(in, batch, MAX_FRAMES_PER_BATCH,
							MAX_BYTES_PER_BATCH) < 0) {
						close();
						return;
					}
				}
				catch (FrameDecodingException ex) {
					if (batch.isEmpty()) {
						throw ex;
					}
					batch.fail(ex);
				}
				this.sessions.received(this, batch);
				if (batch.failure() != null) {
					close(batch.failure());
					return;
				}
			}
		}
		catch (IOException ex) {
			close(ex);
		}
	}

	/** Give credit back for what the reader took (on the reader thread, which may wait for the hop). */
	private void consumed(int bytes) {
		this.unacknowledged += bytes;
		if (this.unacknowledged >= CREDIT_THRESHOLD && isOpen()) {
			int credit = this.unacknowledged;
			this.unacknowledged = 0;
			try {
				this.relay.engine().sender().send(this.hop, null, RelayFrames.credit(this.circuitId, credit), null);
			}
			catch (RuntimeException ex) {
				close(ex);
			}
		}
	}

	// ---- frames from the hop (its reader thread: never wait)

	@Override
	public void frame(PeerSession from, Frame frame) {
		switch (frame.type()) {
			case ControlCode.CIRCUIT_DATA -> {
				RelayFrames.dataLength(frame.payload());
				if (!this.input.add(frame.payload(), RelayFrames.DATA_HEADER_SIZE)) {
					closeWith(RelayReason.MALFORMED, "the other end sent beyond its circuit credit");
				}
			}
			case ControlCode.CIRCUIT_CREDIT -> {
				int credit = RelayFrames.readCredit(frame.payload());
				this.creditLock.lock();
				try {
					this.sendCredit += credit;
					this.creditGranted.signalAll();
				}
				finally {
					this.creditLock.unlock();
				}
			}
			case ControlCode.CIRCUIT_CLOSE -> {
				RelayFrames.Refusal close = RelayFrames.readRefusal(frame.payload());
				ended((close.reason() == RelayReason.NORMAL) ? null : new CircuitClosedException(close.reason(),
						"relay circuit via '" + relayNodeId() + "' closed (" + tag(close.reason()) + "): "
								+ close.text()));
			}
			default -> closeWith(RelayReason.MALFORMED, ControlCode.describe(frame.type())
					+ " on an open circuit");
		}
	}

	@Override
	public void hopLost(PeerSession lost, String detail) {
		ended(new CircuitClosedException(RelayReason.NORMAL, "relay '" + relayNodeId()
				+ "' is gone (" + detail + ")"));
	}

	/** The circuit ended from the other side or the relay: no CIRCUIT_CLOSE goes back. */
	private void ended(@Nullable Throwable cause) {
		if (this.closed.compareAndSet(false, true)) {
			if (cause != null) {
				this.closeCause = cause;
			}
			finish();
		}
	}

	private void closeWith(RelayReason reason, String text) {
		close(new CircuitClosedException(reason, text));
	}

	// ---- the connection

	/**
	 * An identifier for logs.
	 * @return {@code circuit:<relay>/<id>}
	 */
	@Override
	public String id() {
		return "circuit:" + relayNodeId() + "/" + Integer.toUnsignedString(this.circuitId);
	}

	/**
	 * Whether the other end opened the circuit.
	 * @return {@code true} on the target of the circuit
	 */
	@Override
	public boolean isInbound() {
		return this.inbound;
	}

	/**
	 * The relay's address: the circuit has no address of its own.
	 * @return the hop's remote address
	 */
	@Override
	public InetSocketAddress remoteAddress() {
		return this.hop.getRemoteAddress();
	}

	/**
	 * This end of the hop.
	 * @return the hop's local address
	 */
	@Override
	public InetSocketAddress localAddress() {
		return this.hop.getLocalAddress();
	}

	@Override
	public String relayNodeId() {
		return this.hop.getNodeId();
	}

	/**
	 * The node at the other end, as the relay names it.
	 * @return its node id
	 */
	String peerNodeId() {
		return this.peerNodeId;
	}

	/**
	 * Write frames, waiting for credit and for room in the hop's send queue.
	 * @param frames the frames, in order
	 */
	@Override
	public void write(List<Frame> frames) {
		this.writeLock.lock();
		try {
			this.writeStartedNanos = System.nanoTime() | 1;
			for (int i = 0, n = frames.size(); i < n; i++) {
				this.encoder.write(frames.get(i), this.output);
			}
			this.encoder.flush(this.output);
		}
		catch (IOException | RuntimeException ex) {
			this.encoder.reset();
			close(ex);
			throw (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
		}
		finally {
			this.writeStartedNanos = 0;
			this.writeLock.unlock();
		}
	}

	/**
	 * How long the write in progress has waited.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, 0 when not writing
	 */
	@Override
	public long writeBlockedNanos(long now) {
		long started = this.writeStartedNanos;
		return (started == 0) ? 0 : now - started;
	}

	/** Close the circuit, telling the other end through the relay. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.relay.sendNow(this.hop, RelayFrames.close(new RelayFrames.Refusal(this.circuitId, reasonOf(
					this.closeCause), String.valueOf(describe(this.closeCause)))));
			finish();
		}
	}

	/**
	 * Close because of a local decision, remembering why.
	 * @param cause why
	 */
	@Override
	public void close(Throwable cause) {
		if (this.closeCause == null && !this.closed.get()) {
			this.closeCause = cause;
		}
		close();
	}

	private void finish() {
		this.relay.table.remove(this.hop, this.circuitId, this);
		this.input.end();
		this.creditLock.lock();
		try {
			this.creditGranted.signalAll();
		}
		finally {
			this.creditLock.unlock();
		}
	}

	/**
	 * Why the circuit closed.
	 * @return the cause, {@code null} for a normal close by the other end
	 */
	@Override
	public @Nullable Throwable closeCause() {
		return this.closeCause;
	}

	/**
	 * Whether the circuit is open.
	 * @return {@code false} once closed
	 */
	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	/**
	 * The TLS session inside the circuit, end to end.
	 * @return the session, or {@code null} without {@code p2p.ssl.bundle}
	 */
	@Override
	public @Nullable SSLSession sslSession() {
		return (this.tls != null && this.tlsDone) ? this.tls.session() : null;
	}

	/**
	 * The engine's state.
	 * @return the attachment
	 */
	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	/**
	 * Attach the engine's state.
	 * @param attachment the session
	 */
	@Override
	public void attach(@Nullable Object attachment) {
		this.attachment = attachment;
	}

	@Override
	public String toString() {
		return id() + (this.inbound ? " from '" : " to '") + this.peerNodeId + "'";
	}

	private static RelayReason reasonOf(@Nullable Throwable cause) {
		if (cause == null) {
			return RelayReason.NORMAL;
		}
		return (cause instanceof CircuitClosedException closed) ? closed.reason()
				: (cause instanceof FrameDecodingException) ? RelayReason.MALFORMED : RelayReason.NORMAL;
	}

	private static String describe(@Nullable Throwable cause) {
		if (cause == null) {
			return "closed";
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	static String tag(RelayReason reason) {
		return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** Cuts what the encoder writes into CIRCUIT_DATA frames no larger than the credit. */
	private final class CircuitOutput extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			int done = 0;
			while (done < length) {
				int n = awaitCredit(Math.min(length - done, RelayFrames.MAX_DATA));
				Frame data = RelayFrames.data(CircuitConnection.this.circuitId, buffer, offset + done, n);
				CircuitConnection.this.relay.engine().sender().send(CircuitConnection.this.hop, null, data, null);
				done += n;
			}
		}

		/** Wait for credit, take what there is, up to what is wanted. */
		private int awaitCredit(int wanted) throws IOException {
			CircuitConnection connection = CircuitConnection.this;
			long deadline = System.nanoTime() + connection.sendTimeoutNanos;
			connection.creditLock.lock();
			try {
				while (connection.sendCredit <= 0) {
					if (!connection.isOpen()) {
						throw new IOException("relay circuit " + connection.id() + " is closed");
					}
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new IOException("no credit from '" + connection.peerNodeId + "' on relay circuit "
								+ connection.id() + " for " + TimeUnit.NANOSECONDS.toMillis(connection.sendTimeoutNanos)
								+ " ms (p2p.send.timeout)");
					}
					connection.creditGranted.awaitNanos(left);
				}
				if (!connection.isOpen()) {
					throw new IOException("relay circuit " + connection.id() + " is closed");
				}
				int granted = (int) Math.min(connection.sendCredit, wanted);
				connection.sendCredit -= granted;
				return granted;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new java.io.InterruptedIOException("interrupted while waiting for relay circuit credit");
			}
			finally {
				connection.creditLock.unlock();
			}
		}

	}

}
