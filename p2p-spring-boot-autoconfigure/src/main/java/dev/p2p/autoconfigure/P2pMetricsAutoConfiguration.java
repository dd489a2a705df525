package dev.p2p.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.p2p.metrics.PeerMetrics;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.metrics.micrometer.PeerNodeMeterBinder;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketTypeRegistry;

/**
 * Records the node's traffic in Micrometer when there is a {@link MeterRegistry}: the
 * {@code p2p.*} counters and timers of {@link MicrometerPeerMetrics} and the gauges of
 * {@link PeerNodeMeterBinder}. Backs off without a registry, without a node, or when the
 * application defines its own {@link PeerMetrics}.
 */
@AutoConfiguration(after = P2pAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PeerNode.class })
public final class P2pMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PeerMetrics p2pPeerMetrics(MeterRegistry registry, PacketTypeRegistry packetTypes, P2pProperties properties) {
		P2pMetricsProperties metrics = properties.getMetrics();
		return new MicrometerPeerMetrics(registry, packetTypes, metrics.isPeerTag(),
				P2pPropertyChecks.atLeast("p2p.metrics.listener-timing-interval", 0)
					.adapt(metrics.getListenerTimingInterval()));
	}

	@Bean
	@ConditionalOnMissingBean
	PeerNodeMeterBinder p2pPeerNodeMeterBinder(PeerNode node) {
		return new PeerNodeMeterBinder(node);
	}

}
