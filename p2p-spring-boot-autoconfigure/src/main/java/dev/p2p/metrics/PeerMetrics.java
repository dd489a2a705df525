package dev.p2p.metrics;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamOutcome;

/**
 * What the node counts. The default does nothing; {@link MicrometerPeerMetrics} records it in a
 * Micrometer {@code MeterRegistry} (the metrics auto-configuration declares it when there is
 * one). Calls come from I/O, writer and listener threads and must not block. Packets are
 * counted in runs of one type (a batch of 1,000 frames of one type is one call), so counting
 * costs next to nothing per packet. The node calls its metrics through {@link #guard}: an
 * implementation that throws is logged, never allowed to strand a packet.
 */
public interface PeerMetrics {

	/** Counts nothing. */
	PeerMetrics NONE = new PeerMetrics() {
	};

	/**
	 * Frames of one type were written to a peer.
	 * @param session the peer
	 * @param typeCode the type code (control frames have codes in the reserved range)
	 * @param count how many
	 */
	default void packetsSent(PeerSession session, int typeCode, int count) {
	}

	/**
	 * Frames of one type arrived from a peer and were queued for the listeners.
	 * @param session the peer
	 * @param typeCode the type code
	 * @param count how many
	 */
	default void packetsReceived(PeerSession session, int typeCode, int count) {
	}

	/**
	 * Bytes (headers included) were written to a peer.
	 * @param session the peer
	 * @param bytes how many
	 */
	default void bytesSent(PeerSession session, long bytes) {
	}

	/**
	 * Bytes (headers included) were read from a peer.
	 * @param session the peer
	 * @param bytes how many
	 */
	default void bytesReceived(PeerSession session, long bytes) {
	}

	/**
	 * A handshake completed.
	 */
	default void handshakeSucceeded() {
	}

	/**
	 * A handshake failed.
	 * @param failure how
	 */
	default void handshakeFailed(HandshakeFailure failure) {
	}

	/**
	 * A peer broke a limit; the connection (or the frame) was refused.
	 * @param limit which limit
	 */
	default void limitExceeded(Limit limit) {
	}

	/**
	 * A received frame was not delivered.
	 * @param reason why
	 */
	default void packetRejected(RejectionReason reason) {
	}

	/**
	 * Whether the listener invocation about to start is to be timed for
	 * {@link #listenerInvoked}: timing costs two clock reads, so an implementation may time only
	 * some invocations. Asked once per invocation, from any thread.
	 * @return {@code true} (the default) to time it
	 */
	default boolean timesListenerInvocation() {
		return true;
	}

	/**
	 * A listener method that was timed ({@link #timesListenerInvocation}) returned or threw.
	 * @param type the packet type it handled
	 * @param failed whether it threw (or its reply could not be sent)
	 * @param nanos how long it ran
	 */
	default void listenerInvoked(Enum<?> type, boolean failed, long nanos) {
	}

	/**
	 * A request this node sent ended.
	 * @param type the request's packet type
	 * @param outcome how it ended
	 * @param nanos from sending to the end
	 */
	default void requestCompleted(Enum<?> type, RequestOutcome outcome, long nanos) {
	}

	/**
	 * A heartbeat PONG came back.
	 * @param session the peer
	 * @param nanos round-trip time
	 */
	default void heartbeatRoundTrip(PeerSession session, long nanos) {
	}

	/**
	 * A session was closed because the peer stayed silent for the heartbeat timeout.
	 */
	default void heartbeatTimedOut() {
	}

	/**
	 * A discovery datagram was dropped.
	 * @param reason why
	 */
	default void discoveryDatagramDropped(DatagramDropReason reason) {
	}

	/**
	 * Discovery learned of a peer, or forgot one.
	 * @param source how it was found
	 * @param lost {@code true} when it was forgotten
	 */
	default void discoveryPeerChanged(DiscoverySource source, boolean lost) {
	}

	/**
	 * A stream ended, either way.
	 * @param type the stream's packet type
	 * @param sent whether this node sent it (otherwise received it)
	 * @param outcome how it ended
	 * @param bytes data bytes sent or received
	 * @param nanos from opening to the end
	 */
	default void streamEnded(Enum<?> type, boolean sent, StreamOutcome outcome, long bytes, long nanos) {
	}

	/**
	 * A connection closed, handshaking or established, before its disconnect event is
	 * published; nothing is counted for it afterwards.
	 * @param session the peer
	 */
	default void sessionClosed(PeerSession session) {
	}

	/**
	 * Packets of acknowledged delivery sent again on a resumed (or fresh) session.
	 * @param count how many
	 */
	default void packetsResent(int count) {
	}

	/**
	 * A received packet dropped as a duplicate (exactly-once).
	 */
	default void duplicateDropped() {
	}

	/**
	 * A session with acknowledged delivery started on a new connection, or ended for good.
	 * @param outcome {@code resumed}, {@code fresh}, {@code refused} or {@code expired}
	 */
	default void sessionResumed(String outcome) {
	}

	/**
	 * Wrap metrics so that an exception they throw is logged and ignored.
	 * @param metrics the metrics to call
	 * @return {@link #NONE} for {@code NONE}, otherwise a guarding wrapper (or {@code metrics}
	 * itself if it is one)
	 */
	static PeerMetrics guard(PeerMetrics metrics) {
		if (metrics == NONE || metrics instanceof GuardedPeerMetrics) {
			return metrics;
		}
		return new GuardedPeerMetrics(metrics);
	}

}
