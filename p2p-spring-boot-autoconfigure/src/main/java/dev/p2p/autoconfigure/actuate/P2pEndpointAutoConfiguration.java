package dev.p2p.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.autoconfigure.P2pCompatAutoConfiguration;
import dev.p2p.autoconfigure.P2pDiscoveryAutoConfiguration;
import dev.p2p.compat.pnet.PnetNode;
import dev.p2p.delivery.DeliveryEngine;
import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.nat.ObservedAddresses;
import dev.p2p.node.PeerNode;
import dev.p2p.session.PeerNodeSettings;

/**
 * Auto-configuration of the {@code p2p} actuator endpoint and its web extension; active when
 * the actuator is on the classpath, a {@link PeerNode} exists and the endpoint is available
 * (accessible and exposed, e.g. {@code management.endpoints.web.exposure.include=p2p}).
 */
@AutoConfiguration(after = { P2pAutoConfiguration.class, P2pDiscoveryAutoConfiguration.class,
		P2pCompatAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(PeerNode.class)
@ConditionalOnAvailableEndpoint(P2pEndpoint.class)
public final class P2pEndpointAutoConfiguration {

	/** Waited for beyond the node's own dial and handshake timeouts, which fail a dial first. */
	private static final Duration CONNECT_MARGIN = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	P2pEndpoint p2pEndpoint(PeerNode node, ObjectProvider<PeerNodeSettings> settings,
			ObjectProvider<PeerDiscovery> discovery, ObjectProvider<PnetNode> pnet,
			ObjectProvider<ObservedAddresses> observed, ObjectProvider<DeliveryEngine> delivery) {
		PeerNodeSettings nodeSettings = settings.getIfAvailable(PeerNodeSettings::new);
		Duration connectTimeout = nodeSettings.getTransport()
			.connectTimeout()
			.plus(nodeSettings.getHandshakeTimeout())
			.plus(CONNECT_MARGIN);
		P2pEndpoint endpoint = new P2pEndpoint(node, connectTimeout, discovery.getIfAvailable(),
				observed.getIfAvailable());
		DeliveryEngine deliveryEngine = delivery.getIfAvailable();
		if (deliveryEngine != null) {
			endpoint.setUnacknowledged(deliveryEngine::unacknowledged);
		}
		PnetNode pnetNode = pnet.getIfAvailable();
		if (pnetNode != null) {
			endpoint.setOtherDiscoveredPeers(() -> pnetNode.getPeers()
				.stream()
				.map((peer) -> peer.name() + "@" + peer.host() + ":" + peer.port() + " (pnet)")
				.sorted()
				.toList());
		}
		return endpoint;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(P2pEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	P2pEndpointWebExtension p2pEndpointWebExtension(P2pEndpoint endpoint) {
		return new P2pEndpointWebExtension(endpoint);
	}

}
