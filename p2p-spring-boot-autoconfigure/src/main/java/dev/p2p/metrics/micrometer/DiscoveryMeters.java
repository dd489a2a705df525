package dev.p2p.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;

import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.DISCOVERY_DROPPED;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.DISCOVERY_PEERS;

/** Meters of discovery: datagrams dropped by reason, peers found and forgotten by source. */
final class DiscoveryMeters {

	private final MeterRegistry registry;

	private final Counter[] dropped;

	DiscoveryMeters(MeterRegistry registry) {
		this.registry = registry;
		DatagramDropReason[] drops = DatagramDropReason.values();
		this.dropped = new Counter[drops.length];
		for (DatagramDropReason reason : drops) {
			this.dropped[reason.ordinal()] = Counter.builder(DISCOVERY_DROPPED)
				.description("Discovery datagrams dropped without effect")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	void datagramDropped(DatagramDropReason reason) {
		this.dropped[reason.ordinal()].increment();
	}

	void peerChanged(DiscoverySource source, boolean lost) {
		// rare: looked up in the registry each time
		Counter.builder(DISCOVERY_PEERS)
			.description("Peers found and forgotten by discovery")
			.tags("source", source.tag(), "event", lost ? "lost" : "discovered")
			.register(this.registry)
			.increment();
	}

}
