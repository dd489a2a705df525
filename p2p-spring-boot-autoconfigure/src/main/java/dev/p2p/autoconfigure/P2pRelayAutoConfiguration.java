package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.metrics.micrometer.MicrometerRelayMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.relay.PeerRelay;
import dev.p2p.relay.RelayMetrics;
import dev.p2p.relay.RelaySettings;
import dev.p2p.session.PeerNodeSettings;

/**
 * Auto-configuration of the relay protocol ({@code p2p.relay.*}): every node answers relay
 * frames (refusing them unless {@code p2p.relay.enabled}), keeps reservations on
 * {@code p2p.relay.peers} (dialled like {@code p2p.peers}) and reaches nodes by id through the
 * relays it is connected to ({@code PeerNode#connect(String)}).
 */
@AutoConfiguration(after = { P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class })
@ConditionalOnBean(PeerNode.class)
@EnableConfigurationProperties(P2pRelayProperties.class)
public final class P2pRelayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RelaySettings p2pRelaySettings(P2pRelayProperties properties) {
		List<PeerAddress> peers = new ArrayList<>();
		for (String peer : properties.getPeers()) {
			try {
				peers.add(PeerAddress.parse(peer));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidP2pPropertyException("p2p.relay.peers", peer, "p2p.relay.peers: " + ex.getMessage(), ex);
			}
		}
		try {
			return new RelaySettings(properties.isEnabled(), peers, properties.getMaxReservations(),
					properties.getReservationTtl(), properties.getMaxCircuits(), properties.getMaxCircuitsPerNode(),
					properties.getMaxCircuitDuration(), properties.getMaxCircuitBytes().toBytes(),
					properties.getAcceptTimeout());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException("p2p.relay", null, ex.getMessage(), ex);
		}
	}

	/**
	 * Relays are dialled and redialled like static peers.
	 */
	@Bean
	PeerNodeCustomizer p2pRelayPeersCustomizer(P2pRelayProperties properties) {
		return (settings) -> addRelayPeers(settings, properties);
	}

	private static void addRelayPeers(PeerNodeSettings settings, P2pRelayProperties properties) {
		List<PeerAddress> peers = new ArrayList<>(settings.getPeers());
		for (String relay : properties.getPeers()) {
			PeerAddress address = PeerAddress.parse(relay);
			if (!peers.contains(address)) {
				peers.add(address);
			}
		}
		settings.setPeers(peers);
	}

	@Bean
	@ConditionalOnMissingBean
	PeerRelay p2pPeerRelay(PeerNode node, PeerNodeSettings nodeSettings, RelaySettings settings,
			ObjectProvider<RelayMetrics> metrics, ApplicationEventPublisher publisher) {
		PeerRelay relay = new PeerRelay(settings, metrics.getIfAvailable(() -> RelayMetrics.NONE), node.getNodeId(),
				nodeSettings.getSendTimeout(), nodeSettings.getTls(), publisher, node);
		node.addExtension(relay);
		return relay;
	}

	/** Relay metrics in Micrometer when there is a registry. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class RelayMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RelayMetrics p2pRelayMetrics(MeterRegistry registry) {
			return new MicrometerRelayMetrics(registry);
		}

	}

}
