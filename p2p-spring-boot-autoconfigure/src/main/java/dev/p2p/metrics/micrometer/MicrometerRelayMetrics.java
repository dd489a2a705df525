package dev.p2p.metrics.micrometer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.p2p.reach.RelayReason;
import dev.p2p.relay.RelayMetrics;

/**
 * The relay's meters: {@code p2p.relay.circuits} (gauge of circuits through this relay),
 * {@code p2p.relay.bytes{direction}} (bytes forwarded, {@code to-target} or {@code to-source}) and
 * {@code p2p.relay.refusals{reason}} (refused or relay-closed reservations and circuits, and
 * dropped frames).
 */
public class MicrometerRelayMetrics implements RelayMetrics {

	/** Circuits through this relay now. */
	public static final String CIRCUITS = "p2p.relay.circuits";

	/** Bytes this relay forwarded. */
	public static final String BYTES = "p2p.relay.bytes";

	/** Refusals and relay-side closes, by reason. */
	public static final String REFUSALS = "p2p.relay.refusals";

	private final AtomicInteger circuits = new AtomicInteger();

	private final Counter toTarget;

	private final Counter toSource;

	private final Map<RelayReason, Counter> refusals = new EnumMap<>(RelayReason.class);

	/**
	 * Register the meters.
	 * @param registry where
	 */
	public MicrometerRelayMetrics(MeterRegistry registry) {
		Gauge.builder(CIRCUITS, this.circuits, AtomicInteger::get)
			.description("Circuits this node relays now")
			.register(registry);
		this.toTarget = bytes(registry, "to-target");
		this.toSource = bytes(registry, "to-source");
		for (RelayReason reason : RelayReason.values()) {
			this.refusals.put(reason, Counter.builder(REFUSALS)
				.tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
				.description("Relay reservations and circuits refused or closed by a relay, and circuit frames dropped")
				.register(registry));
		}
	}

	private static Counter bytes(MeterRegistry registry, String direction) {
		return Counter.builder(BYTES)
			.tag("direction", direction)
			.baseUnit("bytes")
			.description("Circuit bytes this node forwarded as a relay")
			.register(registry);
	}

	@Override
	public void refused(RelayReason reason) {
		this.refusals.get(reason).increment();
	}

	@Override
	public void forwarded(boolean toTarget, long bytes) {
		(toTarget ? this.toTarget : this.toSource).increment(bytes);
	}

	@Override
	public void circuits(int open) {
		this.circuits.set(open);
	}

}
