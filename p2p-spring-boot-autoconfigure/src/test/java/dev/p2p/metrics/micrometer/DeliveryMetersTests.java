package dev.p2p.metrics.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.p2p.it.TestPacketType;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.packet.PacketTypeRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of acknowledged delivery in {@link MicrometerPeerMetrics}.
 */
class DeliveryMetersTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void resendsDuplicatesAndResumptionsByOutcomeAreCountedFromZero() {
		PeerMetrics metrics = PeerMetrics
			.guard(new MicrometerPeerMetrics(this.registry, PacketTypeRegistry.of(TestPacketType.class), false));
		assertThat(this.registry.get(MicrometerPeerMetrics.RESUMES).tag("outcome", "expired").counter().count()).isZero();
		metrics.packetsResent(3);
		metrics.duplicateDropped();
		metrics.sessionResumed("resumed");
		metrics.sessionResumed("resumed");
		metrics.sessionResumed("fresh");
		metrics.sessionResumed("unknown");
		assertThat(this.registry.get(MicrometerPeerMetrics.PACKETS_RESENT).counter().count()).isEqualTo(3);
		assertThat(this.registry.get(MicrometerPeerMetrics.DUPLICATES_DROPPED).counter().count()).isEqualTo(1);
		assertThat(this.registry.get(MicrometerPeerMetrics.RESUMES).tag("outcome", "resumed").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get(MicrometerPeerMetrics.RESUMES).tag("outcome", "fresh").counter().count())
			.isEqualTo(1);
	}

}
