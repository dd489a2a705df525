package dev.p2p.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.transport.Connection;
import dev.p2p.transport.RelayedConnection;
import dev.p2p.transport.TimedWrites;
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
	public static final int WINDOW = 1024 * 1024;

	private final RelayContext relay;

	private final PeerSession hop;

	private final int circuitId;

	private final boolean inbound;

	private final String peerNodeId;

	private final CircuitInput input;

	private final CircuitReader reader;

	private final TimedWrites writes = new TimedWrites();

	/** Its buffer is a chunk: each flush of a full buffer is one CIRCUIT_DATA. */
	private final FrameEncoder encoder = new FrameEncoder(CircuitOutput.CHUNK);

	/** Writes CIRCUIT_DATA frames, within the credit. */
	private final CircuitOutput cipherOutput;

	/** TLS inside the circuit ({@code p2p.ssl.bundle}), or {@code null}. */
	private final @Nullable CircuitTls tls;

	/** Where the encoder writes the carried connection's bytes: through TLS when configured. */
	private final OutputStream output;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	CircuitConnection(RelayContext relay, CircuitSessions sessions, PeerSession hop, int circuitId, boolean inbound,
			String peerNodeId, long sendTimeoutNanos) {
		this.relay = relay;
		this.hop = hop;
		this.circuitId = circuitId;
		this.inbound = inbound;
		this.peerNodeId = peerNodeId;
		this.cipherOutput = new CircuitOutput(this, WINDOW, sendTimeoutNanos);
		this.input = new CircuitInput(WINDOW, this::consumed);
		this.tls = (relay.tls != null) ? new CircuitTls(relay.tls, !inbound, this.input, this.cipherOutput) : null;
		this.output = (this.tls != null) ? this.tls.output() : this.cipherOutput;
		this.reader = new CircuitReader(this, sessions, this.tls, this.input, sendTimeoutNanos);
	}

	/**
	 * Start the circuit's reader: the engine hears of the connection on that thread, then gets
	 * what arrives. For a dialled circuit, the handshake starts there.
	 * @param opened runs the engine's {@code connectionOpened} (inside a dial request when dialled)
	 * @param failed told if the circuit fails before the engine heard of it
	 */
	void start(Runnable opened, Consumer<Throwable> failed) {
		this.reader.start(opened, failed);
	}

	/** Bytes the circuit's reader took (reader thread): credit goes back from there. */
	private void consumed(int bytes) {
		this.reader.consumed(bytes);
	}

	RelayContext relay() {
		return this.relay;
	}

	PeerSession hop() {
		return this.hop;
	}

	int circuitId() {
		return this.circuitId;
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
			case ControlCode.CIRCUIT_CREDIT -> this.cipherOutput.granted(RelayFrames.readCredit(frame.payload()));
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
		this.writes.write(() -> {
			for (int i = 0, n = frames.size(); i < n; i++) {
				this.encoder.write(frames.get(i), this.output);
			}
			this.encoder.flush(this.output);
		}, (ex) -> {
			this.encoder.reset();
			close(ex);
			return (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
		});
	}

	/**
	 * How long the write in progress has waited.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, 0 when not writing
	 */
	@Override
	public long writeBlockedNanos(long now) {
		return this.writes.blockedNanos(now);
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
		this.cipherOutput.closed();
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
		return (this.tls != null && this.reader.isSecured()) ? this.tls.session() : null;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

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

}
