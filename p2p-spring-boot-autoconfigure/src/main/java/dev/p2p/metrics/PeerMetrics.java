package dev.p2p.metrics;

import dev.p2p.discovery.DatagramDropReason;
import dev.p2p.discovery.DiscoverySource;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.RejectionReason;
import dev.p2p.peer.PeerSession;

/**
 * What the node counts. The default does nothing; {@link MicrometerPeerMetrics} records it in a
 * Micrometer {@code MeterRegistry} (the metrics auto-configuration declares it when there is
 * one). Calls come from I/O, writer and listener threads and must not block. Packets are
 * counted in runs of one type (a batch of 1,000 frames of one type is one call), so counting
 * costs next to nothing per packet.
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
	 * A received frame was not delivered.
	 * @param reason why
	 */
	default void packetRejected(RejectionReason reason) {
	}

	/**
	 * A listener method returned or threw.
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

}
