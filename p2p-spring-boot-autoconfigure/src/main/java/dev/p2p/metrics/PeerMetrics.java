package dev.p2p.metrics;

import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.RejectionReason;

/**
 * What the node counts. The default does nothing; declare a bean of this type to count (the
 * Micrometer binding is the metrics auto-configuration's job). Calls come from I/O and
 * listener threads and must not block.
 */
public interface PeerMetrics {

	/** Counts nothing. */
	PeerMetrics NONE = new PeerMetrics() {
	};

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
	 * A listener method threw.
	 * @param type the packet type it was handling
	 */
	default void listenerFailed(Enum<?> type) {
	}

}
