package dev.p2p.autoconfigure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.delivery.DeliveryEngine;
import dev.p2p.delivery.DeliverySettings;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.session.PeerNodeSettings;

/**
 * Acknowledged delivery and resumable sessions ({@code p2p.delivery.*}): the engine is added to
 * the node when a mode is reliable or {@code p2p.delivery.enabled} is set; otherwise the node
 * announces nothing and behaves as before. With Micrometer, the gauge
 * {@code p2p.delivery.buffer.bytes} shows the bytes kept for resending.
 */
@AutoConfiguration(after = { P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class })
@ConditionalOnBean(PeerNode.class)
@EnableConfigurationProperties(P2pDeliveryProperties.class)
public final class P2pDeliveryAutoConfiguration {

	/** Gauge of the bytes in the replay buffers. */
	public static final String BUFFER_BYTES = "p2p.delivery.buffer.bytes";

	@Bean
	@ConditionalOnMissingBean
	DeliverySettings p2pDeliverySettings(P2pDeliveryProperties properties, PeerNodeSettings node) {
		return P2pSettingsMapper.delivery(properties, node.getSendTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryEngine p2pDeliveryEngine(PeerNode node, DeliverySettings settings, PacketTypeRegistry packetTypes,
			ObjectProvider<PeerMetrics> metrics, ApplicationEventPublisher publisher) {
		DeliveryEngine engine = new DeliveryEngine(settings, packetTypes, metrics.getIfAvailable(() -> PeerMetrics.NONE),
				publisher, node);
		if (settings.active()) {
			node.addExtension(engine);
		}
		return engine;
	}

	/** The replay buffer gauge in Micrometer when there is a registry. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class DeliveryMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "p2pDeliveryMeterBinder")
		MeterBinder p2pDeliveryMeterBinder(DeliveryEngine engine) {
			return (registry) -> Gauge.builder(BUFFER_BYTES, engine, DeliveryEngine::replayBufferBytes)
				.description("Bytes of unacknowledged packets kept for resending, all peers")
				.baseUnit("bytes")
				.register(registry);
		}

	}

}
