package dev.p2p.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.peer.StreamResult;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;
import dev.p2p.wire.StreamResumeFrames;

/**
 * The streams of one session, both directions: ids, the stream frames that arrive on the
 * reader thread (docs/PROTOCOL.md §12), and failing every stream when the session ends. Ids of
 * each direction only grow, so a frame for a lower id that is no longer open is a late frame of
 * a stream that ended (dropped) and a frame for a higher one is a protocol violation.
 */
public final class SessionStreams {

	private static final Log logger = LogFactory.getLog(SessionStreams.class);

	private final StreamSettings settings;

	/** The receive window, in bytes. */
	final int window;

	final Map<Integer, OutboundStream> outbound = new ConcurrentHashMap<>();

	final Map<Integer, StreamInput> inbound = new ConcurrentHashMap<>();

	int lastOutboundId;

	/** Highest stream id the peer opened (guarded by this object: a resumption raises it too). */
	long lastInboundId;

	@Nullable String closed;

	/** Receiving streams that ended lately, id to state, for STREAM_RESUME (guarded by this object). */
	final Map<Integer, Integer> recentlyEnded = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
			return size() > RECENTLY_ENDED;
		}
	};

	/** Whether a resumption adopted this connection and the peer's STREAM_RESUME is still to come. */
	boolean expectingResume;

	/** How many ended receiving streams STREAM_RESUME reports, so a lost STREAM_DONE is not a failure. */
	static final int RECENTLY_ENDED = 64;

	/**
	 * Create the streams of one session.
	 * @param settings limits and timeouts
	 */
	public SessionStreams(StreamSettings settings) {
		this.settings = settings;
		this.window = settings.window();
	}

	// ---- sending

	/**
	 * Open a stream to the peer.
	 * @param node the node
	 * @param session the peer
	 * @param type the stream's packet type
	 * @param content the data
	 * @return completes when the peer confirmed the data, fails as the stream's end says
	 */
	public CompletableFuture<StreamResult> open(StreamHost node, StreamSession session, Enum<?> type, StreamContent content) {
		return open(node, session, type, content, this.settings.idleTimeout());
	}

	/**
	 * Open a stream to the peer that fails after a time of its own without progress.
	 * @param node the node
	 * @param session the peer
	 * @param type the stream's packet type
	 * @param content the data
	 * @param idleTimeout how long it may make no progress (in place of {@code p2p.stream.idle-timeout})
	 * @return completes when the peer confirmed the data, fails as the stream's end says
	 */
	public CompletableFuture<StreamResult> open(StreamHost node, StreamSession session, Enum<?> type,
			StreamContent content, Duration idleTimeout) {
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
		}
		OutboundStream stream;
		synchronized (this) {
			if (this.closed != null) {
				return CompletableFuture.failedFuture(new PeerNotConnectedException(
						"Peer " + session.getNodeId() + " is " + this.closed + ": cannot stream"));
			}
			if (this.outbound.size() >= this.settings.maxConcurrent()) {
				String refusal = this.outbound.size() + " streams to '" + session.getNodeId()
						+ "' are open already (p2p.stream.max-concurrent)";
				// never opened, so it has no id: reported as stream 0
				node.streamFailed(session, type, 0, true, StreamOutcome.REJECTED, refusal, 0, 0);
				return CompletableFuture.failedFuture(new StreamFailedException(StreamOutcome.REJECTED, refusal, null));
			}
			int id = node.nextStreamId(session, this.lastOutboundId);
			this.lastOutboundId = id;
			stream = new OutboundStream(id, type, node, session, this, content, this.settings.chunkSize(),
					node.streamExecutor(), idleTimeout);
			this.outbound.put(id, stream);
		}
		try {
			stream.start();
		}
		catch (IOException ex) {
			stream.fail(StreamOutcome.CANCELLED, "opening the data failed: " + ex, 0, ex);
		}
		catch (RuntimeException ex) {
			stream.fail(StreamOutcome.BROKEN, "opening failed: " + ex.getMessage(), 0, ex);
		}
		return stream.result();
	}

	void removeOutbound(OutboundStream stream) {
		this.outbound.remove(stream.id, stream);
	}

	void removeInbound(StreamInput stream, int state) {
		synchronized (this) {
			if (this.inbound.remove(stream.getStreamId(), stream)) {
				this.recentlyEnded.put(stream.getStreamId(), state);
			}
		}
	}

	/**
	 * Bytes this node sent on its open streams that the peer has not credited back yet; never
	 * more than the peer's window per stream.
	 * @return bytes per open outbound stream, by stream id
	 */
	public Map<Integer, Long> unacknowledgedBytes() {
		Map<Integer, Long> bytes = new TreeMap<>();
		this.outbound.forEach((id, stream) -> bytes.put(id, stream.unacknowledged()));
		return bytes;
	}

	// ---- frames (reader thread)

	/**
	 * Handle a stream frame.
	 * @param node the node
	 * @param session where it came from
	 * @param frame a stream frame
	 * @return a protocol violation to close the connection for, or {@code null}
	 */
	public @Nullable String received(StreamHost node, StreamSession session, Frame frame) {
		try {
			return switch (frame.type()) {
				case ControlCode.STREAM_OPEN -> opened(node, session, StreamFrames.readOpen(frame.payload()));
				case ControlCode.STREAM_CHUNK -> {
					StreamInput stream = inbound(frame);
					yield (stream != null) ? stream.chunk(frame.payload(), this) : lateInbound(frame);
				}
				case ControlCode.STREAM_END -> {
					StreamFrames.End end = StreamFrames.readEnd(frame.payload());
					StreamInput stream = inbound(frame);
					yield (stream != null) ? stream.ended(end) : lateInbound(frame);
				}
				case ControlCode.STREAM_CREDIT -> {
					int credit = StreamFrames.readCredit(frame.payload());
					OutboundStream stream = this.outbound.get(StreamFrames.idOf(frame.payload()));
					if (stream != null) {
						stream.credited(credit);
					}
					yield (stream != null) ? null : lateOutbound(frame);
				}
				case ControlCode.STREAM_DONE -> {
					OutboundStream stream = this.outbound.get(StreamFrames.readDone(frame.payload()));
					if (stream == null) {
						yield lateOutbound(frame);
					}
					if (!stream.isEndQueued()) {
						yield "STREAM_DONE for stream " + Integer.toUnsignedString(StreamFrames.readDone(frame.payload()))
								+ " before its STREAM_END was sent";
					}
					stream.done();
					yield null;
				}
				case ControlCode.STREAM_CANCEL -> cancelled(frame);
				case ControlCode.STREAM_RESUME -> StreamResumption.peerResumed(this, node, session,
						StreamResumeFrames.readResume(frame.payload()));
				default -> "unexpected stream frame " + ControlCode.describe(frame.type());
			};
		}
		catch (IllegalArgumentException ex) {
			return "malformed " + ControlCode.describe(frame.type()) + ": " + ex.getMessage();
		}
	}

	private @Nullable String opened(StreamHost node, StreamSession session, StreamFrames.Open open) {
		long id = Integer.toUnsignedLong(open.id());
		synchronized (this) {
			if (id <= this.lastInboundId) {
				return "STREAM_OPEN reuses stream id " + id + " (ids must grow; the last one was " + this.lastInboundId
						+ ")";
			}
			this.lastInboundId = id;
		}
		Enum<?> type = node.packetTypes().typeOf(open.typeCode());
		String refusal = null;
		if (type == null) {
			refusal = "type " + ControlCode.describe(open.typeCode()) + " is not a packet type of node '"
					+ node.localNodeId() + "'";
		}
		else if (!node.acceptsStream(open.typeCode())) {
			refusal = "no @PacketListener of node '" + node.localNodeId() + "' takes a stream of " + type.name();
		}
		else if (this.inbound.size() >= this.settings.maxConcurrent()) {
			refusal = this.inbound.size() + " streams from '" + session.getNodeId()
					+ "' are open already (p2p.stream.max-concurrent on node '" + node.localNodeId() + "')";
		}
		if (refusal != null) {
			refuse(node, session, open, type, refusal);
			return null;
		}
		StreamInput stream = new StreamInput(node, session, this, open, type, this.window);
		synchronized (this) {
			if (this.closed != null) {
				return null;
			}
			this.inbound.put(open.id(), stream);
		}
		try {
			if (!session.offerNow(List.of(StreamFrames.credit(open.id(), this.window)))) {
				throw new IllegalStateException("no room in the send queue for its first credit");
			}
			node.streamExecutor().execute(() -> listen(node, session, stream));
		}
		catch (RuntimeException ex) {
			// the connection is ending (its end fails the stream) or the node is stopping
			stream.failed(StreamOutcome.BROKEN, stream.describe() + " could not start: " + ex.getMessage(),
					String.valueOf(ex.getMessage()));
		}
		return null;
	}

	private void refuse(StreamHost node, StreamSession session, StreamFrames.Open open, @Nullable Enum<?> type,
			String refusal) {
		if (type != null) {
			node.streamFailed(session, type, open.id(), false, StreamOutcome.REJECTED, refusal, 0, 0);
		}
		else {
			node.rejected(session, open.typeCode(), RejectionReason.UNKNOWN_TYPE,
					"STREAM_OPEN " + open.id() + ": " + refusal);
		}
		if (!session.offerNow(List.of(StreamFrames.cancel(open.id(), false, StreamFrames.REJECTED, refusal)))) {
			logger.debug("STREAM_CANCEL to '" + session.getNodeId() + "' not sent: no room or closing");
		}
	}

	/** Run the stream's listener on a stream thread; cancel the stream if it returns before its end. */
	private static void listen(StreamHost node, StreamSession session, StreamInput stream) {
		Throwable failure;
		try {
			failure = node.deliver(session, stream);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
		}
		stream.listenerReturned(failure);
	}

	private @Nullable String cancelled(Frame frame) {
		StreamFrames.Cancel cancel = StreamFrames.readCancel(frame.payload());
		if (cancel.bySender()) {
			StreamInput stream = this.inbound.get(cancel.id());
			if (stream == null) {
				return lateInbound(frame);
			}
			stream.failed(outcomeOf(cancel.code()), stream.describe() + " was cancelled by the sender: "
					+ cancel.reason(), "cancelled by the sender: " + cancel.reason());
			return null;
		}
		OutboundStream stream = this.outbound.get(cancel.id());
		if (stream == null) {
			return lateOutbound(frame);
		}
		stream.fail(outcomeOf(cancel.code()), "the receiver cancelled it: " + cancel.reason(), 0, null);
		return null;
	}

	private static StreamOutcome outcomeOf(int code) {
		return switch (code) {
			case StreamFrames.REJECTED -> StreamOutcome.REJECTED;
			case StreamFrames.INTEGRITY -> StreamOutcome.INTEGRITY_ERROR;
			case StreamFrames.TIMEOUT -> StreamOutcome.TIMEOUT;
			default -> StreamOutcome.CANCELLED;
		};
	}

	private @Nullable StreamInput inbound(Frame frame) {
		return this.inbound.get(StreamFrames.idOf(frame.payload()));
	}

	/** A frame for a stream the peer sends that is not open: late if the peer opened it before. */
	private @Nullable String lateInbound(Frame frame) {
		long id = Integer.toUnsignedLong(StreamFrames.idOf(frame.payload()));
		long last;
		synchronized (this) {
			last = this.lastInboundId;
		}
		return (id <= last) ? null
				: ControlCode.describe(frame.type()) + " for stream " + id + ", which the peer never opened";
	}

	/** A frame for a stream this node sends that is not open: late if this node opened it before. */
	private @Nullable String lateOutbound(Frame frame) {
		long id = Integer.toUnsignedLong(StreamFrames.idOf(frame.payload()));
		int last;
		synchronized (this) {
			last = this.lastOutboundId;
		}
		return (id <= Integer.toUnsignedLong(last)) ? null
				: ControlCode.describe(frame.type()) + " for stream " + id + ", which this node never opened";
	}

	// ---- ending

	/**
	 * Fail the streams that made no progress within the idle timeout; both sides are told.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	public void checkIdle(long nowNanos) {
		long limit = this.settings.idleTimeout().toNanos();
		String reason = "no progress for " + this.settings.idleTimeout().toMillis() + " ms (p2p.stream.idle-timeout)";
		for (OutboundStream stream : this.outbound.values()) {
			Duration own = stream.idleTimeout;
			if (nowNanos - stream.lastProgressNanos() > own.toNanos()) {
				stream.fail(StreamOutcome.TIMEOUT, own.equals(this.settings.idleTimeout()) ? reason
						: "no progress for " + own.toMillis() + " ms (the stream's own idle timeout)", StreamFrames.TIMEOUT,
						null);
			}
		}
		for (StreamInput stream : this.inbound.values()) {
			if (stream.idleSince(nowNanos - limit)) {
				stream.timedOut(reason);
			}
		}
	}

	/**
	 * The session ended: every open stream fails, on this side at once (the peer sees the same).
	 * @param nodeId the peer's node id
	 * @param detail why the session ended
	 */
	public void closeAll(String nodeId, String detail) {
		CarriedStreams.take(this, "disconnected")
			.breakAll("stream broken: peer '" + nodeId + "' disconnected (" + detail + ")");
	}

}
