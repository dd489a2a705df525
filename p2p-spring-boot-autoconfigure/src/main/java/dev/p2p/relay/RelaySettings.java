package dev.p2p.relay;

import java.time.Duration;
import java.util.List;

import dev.p2p.peer.PeerAddress;

/**
 * The relay's configuration ({@code p2p.relay.*}), as the relay classes see it.
 *
 * @param enabled whether this node relays circuits for others
 * @param peers relays this node keeps a reservation on
 * @param maxReservations most nodes with a reservation on this relay at once
 * @param reservationTtl lifetime of a reservation; clients renew at half of it
 * @param maxCircuits most circuits through this relay at once
 * @param maxCircuitsPerNode most circuits one node takes part in at once (either end)
 * @param maxCircuitDuration longest a circuit lasts, {@link Duration#ZERO} for no limit
 * @param maxCircuitBytes most bytes a circuit carries (both directions), 0 for no limit
 * @param acceptTimeout how long the target of a circuit has to accept it
 */
public record RelaySettings(boolean enabled, List<PeerAddress> peers, int maxReservations, Duration reservationTtl,
		int maxCircuits, int maxCircuitsPerNode, Duration maxCircuitDuration, long maxCircuitBytes,
		Duration acceptTimeout) {

	/** Defaults: relaying off, no relays, the limits of {@code p2p.relay.*}. */
	public static final RelaySettings DEFAULTS = new RelaySettings(false, List.of(), 128, Duration.ofHours(1), 64, 4,
			Duration.ofMinutes(2), 128L * 1024 * 1024, Duration.ofSeconds(5));

	/**
	 * Check the numbers.
	 * @throws IllegalArgumentException for a negative limit or a zero lifetime
	 */
	public RelaySettings {
		peers = List.copyOf(peers);
		if (maxReservations < 0 || maxCircuits < 0 || maxCircuitsPerNode < 0 || maxCircuitBytes < 0
				|| maxCircuitDuration.isNegative() || reservationTtl.getSeconds() < 2 || acceptTimeout.isNegative()
				|| acceptTimeout.isZero()) {
			throw new IllegalArgumentException("p2p.relay limits must not be negative, the reservation ttl must be"
					+ " at least 2 s and the accept timeout positive: " + this);
		}
	}

	/**
	 * Longest circuit in whole seconds, as the frames carry it.
	 * @return seconds, 0 for no limit
	 */
	int maxCircuitSeconds() {
		long seconds = this.maxCircuitDuration.toSeconds();
		return (int) Math.min(Integer.MAX_VALUE, (seconds == 0 && !this.maxCircuitDuration.isZero()) ? 1 : seconds);
	}

}
