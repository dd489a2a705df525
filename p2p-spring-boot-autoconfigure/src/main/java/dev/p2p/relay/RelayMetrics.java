package dev.p2p.relay;

import dev.p2p.reach.RelayReason;

/**
 * What the relay counts; the default does nothing, the auto-configuration records it with
 * Micrometer ({@code dev.p2p.metrics.micrometer.MicrometerRelayMetrics}).
 */
public interface RelayMetrics {

	/** Counts nothing. */
	RelayMetrics NONE = new RelayMetrics() {
	};

	/**
	 * A reservation or circuit was refused or closed for a limit, or a frame was dropped.
	 * @param reason why ({@code p2p.relay.refusals{reason}})
	 */
	default void refused(RelayReason reason) {
	}

	/**
	 * Bytes forwarded by this relay.
	 * @param toTarget {@code true} from the opener to the target, {@code false} back
	 * @param bytes how many connection bytes
	 */
	default void forwarded(boolean toTarget, long bytes) {
	}

	/**
	 * Circuits through this relay changed.
	 * @param open circuits open now
	 */
	default void circuits(int open) {
	}

}
