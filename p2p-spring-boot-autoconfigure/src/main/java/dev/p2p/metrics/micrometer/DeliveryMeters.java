package dev.p2p.metrics.micrometer;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of acknowledged delivery: packets resent, duplicates dropped, and sessions by how they
 * resumed (the replay buffer's size is a gauge bound with the delivery engine).
 */
final class DeliveryMeters {

	final Counter resent;

	final Counter duplicates;

	private final Map<String, Counter> resumes;

	DeliveryMeters(MeterRegistry registry) {
		this.resent = Counter.builder(MicrometerPeerMetrics.PACKETS_RESENT)
			.description("Packets of acknowledged delivery sent again after a reconnection")
			.register(registry);
		this.duplicates = Counter.builder(MicrometerPeerMetrics.DUPLICATES_DROPPED)
			.description("Received packets dropped as duplicates (exactly-once)")
			.register(registry);
		this.resumes = Map.of("resumed", resumes(registry, "resumed"), "fresh", resumes(registry, "fresh"), "refused",
				resumes(registry, "refused"), "expired", resumes(registry, "expired"));
	}

	void resumed(String outcome) {
		Counter counter = this.resumes.get(outcome);
		if (counter != null) {
			counter.increment();
		}
	}

	private static Counter resumes(MeterRegistry registry, String outcome) {
		return Counter.builder(MicrometerPeerMetrics.RESUMES)
			.description("Sessions with acknowledged delivery on a new connection, and expired ones")
			.tag("outcome", outcome)
			.register(registry);
	}

}
