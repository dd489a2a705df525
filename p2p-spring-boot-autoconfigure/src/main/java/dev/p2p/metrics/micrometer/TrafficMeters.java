package dev.p2p.metrics.micrometer;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.BYTES_RECEIVED;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.BYTES_SENT;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.PACKETS_RECEIVED;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.PACKETS_SENT;

/** The packet and byte counters of one series of tags (all peers, or one peer). */
final class TrafficMeters {

	final Counter[] sent;

	final Counter[] received;

	final Counter bytesSent;

	final Counter bytesReceived;

	/** Sessions using these meters (with the peer tag); guarded by {@link PeerTrafficMeters}. */
	int sessions;

	TrafficMeters(MeterRegistry registry, List<Enum<?>> types, Tags tags) {
		this.sent = new Counter[types.size()];
		this.received = new Counter[types.size()];
		for (Enum<?> type : types) {
			Tags typed = tags.and("type", type.name());
			this.sent[type.ordinal()] = counter(registry, PACKETS_SENT, "Packets written to peers", "packets", typed);
			this.received[type.ordinal()] = counter(registry, PACKETS_RECEIVED, "Packets received from peers",
					"packets", typed);
		}
		this.bytesSent = counter(registry, BYTES_SENT, "Bytes written to peers", "bytes", tags);
		this.bytesReceived = counter(registry, BYTES_RECEIVED, "Bytes read from peers", "bytes", tags);
	}

	private static Counter counter(MeterRegistry registry, String name, String description, String unit, Tags tags) {
		return Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
	}

	void removeFrom(MeterRegistry registry) {
		for (int i = 0; i < this.sent.length; i++) {
			registry.remove(this.sent[i]);
			registry.remove(this.received[i]);
		}
		registry.remove(this.bytesSent);
		registry.remove(this.bytesReceived);
	}

}
