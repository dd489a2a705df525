package dev.p2p.delivery;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of acknowledged delivery ({@code p2p.delivery.*}).
 *
 * @param mode the mode of types without an override
 * @param types mode per packet type name
 * @param enabled whether the node announces acknowledged delivery even when every mode is
 * at-most-once (the sender is then told which packets may have been lost)
 * @param maxBytes bound of the replay buffer per peer, in bytes (frames with their headers)
 * @param maxPackets bound of the replay buffer per peer, in packets
 * @param sessionExpiry how long a suspended session waits for its resumption
 * @param ackInterval longest time a handled packet waits for its acknowledgement
 * @param ackThreshold handled packets that make the receiver acknowledge at once
 * @param sendTimeout how long a sender waits for room in the replay buffer
 */
public record DeliverySettings(DeliveryMode mode, Map<String, DeliveryMode> types, boolean enabled, long maxBytes,
		int maxPackets, Duration sessionExpiry, Duration ackInterval, int ackThreshold, Duration sendTimeout) {

	/** Today's behaviour: nothing announced, nothing kept. */
	public static final DeliverySettings OFF = new DeliverySettings(DeliveryMode.AT_MOST_ONCE, Map.of(), false,
			8L * 1024 * 1024, 10_000, Duration.ofMinutes(2), Duration.ofMillis(200), 64, Duration.ofSeconds(10));

	/**
	 * Check the bounds.
	 */
	public DeliverySettings {
		types = Map.copyOf(types);
		if (maxBytes < 1 || maxPackets < 1 || ackThreshold < 1) {
			throw new IllegalArgumentException("p2p.delivery: buffer bounds and ack threshold must be positive, got "
					+ maxBytes + " bytes, " + maxPackets + " packets, threshold " + ackThreshold);
		}
		if (sessionExpiry.isNegative() || ackInterval.isNegative() || ackInterval.isZero()) {
			throw new IllegalArgumentException("p2p.delivery: session-expiry must not be negative and ack interval "
					+ "must be positive, got " + sessionExpiry + " and " + ackInterval);
		}
	}

	/**
	 * The mode of a packet type.
	 * @param type the type
	 * @return its override, or {@link #mode()}
	 */
	public DeliveryMode modeOf(Enum<?> type) {
		// asked per packet sent and received: most nodes have no overrides
		return this.types.isEmpty() ? this.mode : this.types.getOrDefault(type.name(), this.mode);
	}

	/**
	 * Whether the node takes part in acknowledged delivery at all (announces it in handshakes).
	 * @return {@code true} if enabled or any mode is reliable
	 */
	public boolean active() {
		return this.enabled || this.mode.isReliable() || this.types.values().stream().anyMatch(DeliveryMode::isReliable);
	}

}
