package dev.p2p.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.wire.Frame;

/**
 * What the stream layer needs of the node: sending, the listeners, threads, and where
 * failures are reported. Implemented by the session engine.
 */
public interface StreamHost {

	/**
	 * This node's id, for messages.
	 * @return the local node id
	 */
	String localNodeId();

	/**
	 * Where stream outcomes are counted.
	 * @return the metrics
	 */
	PeerMetrics metrics();

	/**
	 * The packet types, to name a stream's type.
	 * @return the registry
	 */
	PacketTypeRegistry packetTypes();

	/**
	 * Whether a listener takes streams of a type.
	 * @param typeCode the type's code
	 * @return {@code true} if a stream of it can be delivered
	 */
	boolean acceptsStream(int typeCode);

	/**
	 * Runs stream pumps and stream listeners.
	 * @return the executor
	 * @throws IllegalStateException if the node is not running
	 */
	Executor streamExecutor();

	/**
	 * Queue a frame on a session, waiting for room up to the send timeout.
	 * @param session the session
	 * @param frame the frame
	 * @param written completed once the frame is written, or {@code null}
	 */
	void send(StreamSession session, Frame frame, @Nullable CompletableFuture<Void> written);

	/**
	 * Hand an inbound stream to its listener; called on a stream thread, returns when the
	 * listener does.
	 * @param session the sender
	 * @param stream the stream
	 * @return what the listener threw, or {@code null}
	 */
	@Nullable Throwable deliver(StreamSession session, StreamInput stream);

	/**
	 * Count, log and publish a stream that ended without success.
	 * @param session the peer
	 * @param type the stream's packet type
	 * @param streamId the stream's id (0 if it never opened)
	 * @param outbound whether this node sent it
	 * @param outcome how it ended
	 * @param detail why
	 * @param bytes data bytes moved
	 * @param nanos how long it ran
	 */
	void streamFailed(StreamSession session, Enum<?> type, int streamId, boolean outbound, StreamOutcome outcome,
			String detail, long bytes, long nanos);

	/**
	 * Count, log and publish a rejected frame; the session stays open.
	 * @param session where it came from
	 * @param typeCode the frame's type
	 * @param reason why
	 * @param detail what was wrong
	 */
	void rejected(StreamSession session, int typeCode, RejectionReason reason, String detail);

	/**
	 * Whether a stream of a type on a session survives a lost connection until the session
	 * resumes (acknowledged delivery agreed and a reliable mode for the type on this node).
	 * @param session the session
	 * @param type the stream's packet type
	 * @return {@code false} unless the node can resume it
	 */
	default boolean resumable(StreamSession session, Enum<?> type) {
		return false;
	}

	/**
	 * The id of the next stream this node opens on a session: above every id this node used
	 * with the peer in the session, across its connections when it can resume.
	 * @param session the session
	 * @param last the last id used on this connection
	 * @return the id
	 */
	default int nextStreamId(StreamSession session, int last) {
		return last + 1;
	}

}
