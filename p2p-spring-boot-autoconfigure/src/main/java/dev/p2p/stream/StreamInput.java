package dev.p2p.stream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;
import dev.p2p.wire.StreamResumeFrames;

/**
 * The data of a stream a peer sends, as its {@code @PacketListener} reads it: reads wait while
 * chunks are on their way. At most one window ({@code p2p.stream.window}) of data is buffered;
 * as the listener reads, the node grants the sender more credit. At the end the length and
 * SHA-256 are checked against what the sender computed: a mismatch, a cancelled stream or a
 * lost connection makes {@code read} throw an {@link IOException} that says which.
 * <p>
 * A listener that returns (or throws, or closes this stream) before reading to the end cancels
 * the stream, and the sender is told.
 */
public final class StreamInput extends InputStream {

	private static final Log logger = LogFactory.getLog(StreamInput.class);

	private static final byte[] NO_CHUNK = new byte[0];

	// the connection the stream is on: another one after a resumption
	private volatile StreamHost node;

	private volatile StreamSession session;

	private volatile SessionStreams streams;

	/** Whether the stream survives a lost connection of a session that can resume (docs/PROTOCOL.md §16.6). */
	final boolean resumable;

	/** Held across a lost connection and not resumed yet: the peer's STREAM_RESUME concerns it. */
	volatile boolean carried;

	private final int id;

	private final Enum<?> type;

	private final String name;

	private final long declaredSize;

	private final int creditThreshold;

	private final long startedNanos = System.nanoTime();

	private final MessageDigest digest;

	private final ChunkBuffer buffer;

	// listener thread only
	private byte[] current = NO_CHUNK;

	private int position = StreamFrames.CHUNK_HEADER_SIZE;

	private long consumed;

	private int unGranted;

	private boolean endOfStream;

	private final byte[] one = new byte[1];

	StreamInput(StreamHost node, StreamSession session, SessionStreams streams, StreamFrames.Open open, Enum<?> type,
			int window) {
		this.node = node;
		this.session = session;
		this.streams = streams;
		this.id = open.id();
		this.type = type;
		this.name = open.name();
		this.declaredSize = open.size();
		this.resumable = node.resumable(session, type);
		this.buffer = new ChunkBuffer(this.id, window, this.startedNanos);
		this.creditThreshold = Math.max(1, window / 4);
		this.digest = OutboundSource.sha256();
	}

	/**
	 * The stream's id on its connection (chosen by the sender).
	 * @return the id
	 */
	public int getStreamId() {
		return this.id;
	}

	/**
	 * The stream's packet type.
	 * @return the packet type
	 */
	public Enum<?> getPacketType() {
		return this.type;
	}

	/**
	 * The name the sender gave the stream, for example a file name.
	 * @return the name, empty if none
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The size the sender declared up front (informational; the end frame's length is checked).
	 * @return size in bytes, -1 if unknown
	 */
	public long getDeclaredSize() {
		return this.declaredSize;
	}

	/**
	 * The peer that sends the stream.
	 * @return the session
	 */
	public PeerSession getSession() {
		return this.session;
	}

	/**
	 * Data bytes read so far.
	 * @return bytes read
	 */
	public long getBytesRead() {
		return this.consumed;
	}

	// ---- reading (listener thread)

	@Override
	public int read() throws IOException {
		return (read(this.one, 0, 1) < 0) ? -1 : this.one[0] & 0xFF;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length == 0) {
			return 0;
		}
		if (this.position >= this.current.length && !nextChunk()) {
			return -1;
		}
		int n = Math.min(length, this.current.length - this.position);
		System.arraycopy(this.current, this.position, buffer, offset, n);
		this.digest.update(this.current, this.position, n);
		this.position += n;
		this.consumed += n;
		this.unGranted += n;
		if (this.unGranted >= this.creditThreshold) {
			grant();
		}
		return n;
	}

	@Override
	public int available() {
		return this.current.length - this.position;
	}

	/**
	 * Take the next chunk, waiting for it; verify the stream at its end.
	 * @return {@code false} at the (verified) end of the stream
	 */
	private boolean nextChunk() throws IOException {
		if (this.endOfStream) {
			return false;
		}
		byte[] next = this.buffer.take();
		if (next != null) {
			this.current = next;
			this.position = StreamFrames.CHUNK_HEADER_SIZE;
			return true;
		}
		StreamFrames.End last = Objects.requireNonNull(this.buffer.end());
		verify(last);
		this.endOfStream = true;
		return false;
	}

	private void verify(StreamFrames.End last) throws IOException {
		byte[] actual = this.digest.digest();
		String problem = null;
		if (last.length() != this.consumed) {
			problem = "length mismatch: the sender says " + last.length() + " bytes, " + this.consumed + " arrived";
		}
		else if (!MessageDigest.isEqual(actual, last.sha256())) {
			problem = "SHA-256 mismatch: the sender says " + HexFormat.of().formatHex(last.sha256())
					+ ", the data received hashes to " + HexFormat.of().formatHex(actual);
		}
		if (problem != null) {
			String message = describe() + " is corrupt: " + problem;
			failLocally(StreamOutcome.INTEGRITY_ERROR, message, StreamFrames.INTEGRITY, problem);
			throw new IOException(message);
		}
		if (this.buffer.finish()) {
			this.streams.removeInbound(this, StreamResumeFrames.DONE);
			this.node.metrics().streamEnded(this.type, false, StreamOutcome.SUCCESS, this.consumed,
					System.nanoTime() - this.startedNanos);
			sendQuietly(StreamFrames.done(this.id));
		}
	}

	private void grant() {
		int bytes = this.unGranted;
		this.unGranted = 0;
		if (!this.buffer.credit(bytes)) {
			return;
		}
		sendQuietly(StreamFrames.credit(this.id, bytes));
	}

	/**
	 * The listener returned (or threw): the stream is done if every byte was read and the end
	 * arrived (then it is verified as if the listener had read to the end), cancelled otherwise.
	 * @param failure what the listener threw, {@code null} if it returned
	 */
	void listenerReturned(@Nullable Throwable failure) {
		if (failure == null && this.position >= this.current.length && this.buffer.allArrivedAndTaken()) {
			try {
				nextChunk();
				return;
			}
			catch (IOException ex) {
				// reported already
				return;
			}
		}
		cancel((failure != null) ? "the listener failed: " + failure
				: "the listener returned before the end of the stream");
	}

	@Override
	public void close() {
		cancel("the receiver closed the stream before its end");
	}

	/**
	 * Give up on the stream unless it was read to its end: the sender is told.
	 * @param reason what happened
	 */
	void cancel(String reason) {
		failLocally(StreamOutcome.CANCELLED, describe() + " was cancelled by the receiver: " + reason,
				StreamFrames.CANCELLED, reason);
	}

	/**
	 * Give up on a stream that made no progress: reads fail and the sender is told.
	 * @param reason what happened
	 */
	void timedOut(String reason) {
		failLocally(StreamOutcome.TIMEOUT, describe() + " timed out: " + reason, StreamFrames.TIMEOUT, reason);
	}

	// ---- arrivals (reader thread)

	/**
	 * A chunk arrived.
	 * @param payload the STREAM_CHUNK payload (id, then data); kept, not copied
	 * @param from the streams of the connection it came on (after a resumption, a chunk of the
	 * old connection is dropped: it is sent again)
	 * @return a protocol violation to close the connection for, or {@code null}
	 */
	@Nullable String chunk(byte[] payload, SessionStreams from) {
		return this.buffer.add(payload, from);
	}

	/**
	 * The sender's end frame arrived.
	 * @return a protocol violation, or {@code null}
	 */
	@Nullable String ended(StreamFrames.End last) {
		return this.buffer.ended(last);
	}

	/**
	 * The sender cancelled, the connection ended or the stream timed out: reads fail.
	 * @param outcome how it ended
	 * @param message what reads throw
	 * @param reason what happened, for the event
	 * @return {@code false} if it had ended already
	 */
	boolean failed(StreamOutcome outcome, String message, String reason) {
		if (!this.buffer.fail(message)) {
			return false;
		}
		this.streams.removeInbound(this, StreamResumeFrames.ENDED);
		this.node.streamFailed(this.session, this.type, this.id, false, outcome, reason, this.buffer.received(),
				System.nanoTime() - this.startedNanos);
		return true;
	}

	/** Whether nothing arrived for a while although the listener waits for data. */
	boolean idleSince(long nanos) {
		return this.buffer.idleSince(nanos);
	}

	// ---- resumption (docs/PROTOCOL.md §16.6)

	/** The connection is lost but the session may resume: reads wait, credit is held. */
	void hold() {
		this.carried = true;
		this.buffer.hold(null);
	}

	/**
	 * Another connection of the session took the stream over: only its chunks count now.
	 * @param owner the streams of that connection
	 */
	void adoptedBy(SessionStreams owner) {
		this.carried = true;
		this.streams = owner;
		this.buffer.hold(owner);
	}

	/**
	 * What STREAM_RESUME says of this stream.
	 * @return the entry
	 */
	StreamResumeFrames.Held snapshot() {
		long[] state = this.buffer.snapshot();
		return new StreamResumeFrames.Held(this.id, StreamResumeFrames.OPEN, state[2] != 0, state[0], state[1]);
	}

	/**
	 * STREAM_RESUME was queued on the new connection: send credit there from now on, starting
	 * with what the listener read since the snapshot.
	 * @param host the node, on the new connection
	 * @param on the new connection
	 * @param reported the credit STREAM_RESUME reported
	 */
	void release(StreamHost host, StreamSession on, long reported) {
		this.node = host;
		this.session = on;
		long more = this.buffer.release(reported);
		while (more > 0) {
			int bytes = (int) Math.min(more, Integer.MAX_VALUE);
			sendQuietly(StreamFrames.credit(this.id, bytes));
			more -= bytes;
		}
	}

	// ---- ending

	private void failLocally(StreamOutcome outcome, String message, int code, String reason) {
		if (failed(outcome, message, reason)) {
			sendQuietly(StreamFrames.cancel(this.id, false, code, reason));
		}
	}

	private void sendQuietly(Frame frame) {
		// never waits and never writes on this thread (it may be a reader or the timer); a full
		// send queue or a closing connection fails the stream on both sides by its idle timeout or end
		if (!this.session.offerNow(List.of(frame))) {
			logger.debug(ControlCode.describe(frame.type()) + " of stream " + this.id + " to '"
					+ this.session.getNodeId() + "' not queued: no room or closing");
		}
	}

	String describe() {
		return "Stream " + this.id + " of " + this.type.name() + " from '" + this.session.getNodeId() + "'"
				+ (this.name.isEmpty() ? "" : " ('" + this.name + "')");
	}

	@Override
	public String toString() {
		return "StreamInput[" + describe() + ", " + this.consumed + " bytes read]";
	}

}
