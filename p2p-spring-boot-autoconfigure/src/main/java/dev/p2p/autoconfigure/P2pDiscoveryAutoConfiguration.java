package dev.p2p.autoconfigure;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.p2p.discovery.DatagramAuthenticator;
import dev.p2p.discovery.DiscoverySettings;
import dev.p2p.discovery.NetworkKeyAuthenticator;
import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.security.NetworkKey;
import dev.p2p.session.NodeThreads;

/**
 * Auto-configuration of discovery ({@code p2p.discovery.*}): UDP adverts, a DNS name and peer
 * exchange, each off until enabled. A {@link DatagramAuthenticator} bean, if there is one,
 * authenticates the adverts; otherwise the network key ({@code p2p.security.network-key}) does,
 * when one is set.
 */
@AutoConfiguration(after = { P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class })
@ConditionalOnBean(PeerNode.class)
public final class P2pDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoverySettings p2pDiscoverySettings(P2pProperties properties) {
		return new P2pSettingsMapper(properties).discoverySettings();
	}

	@Bean
	@ConditionalOnMissingBean
	PeerDiscovery p2pPeerDiscovery(PeerNode node, DiscoverySettings settings,
			ObjectProvider<DatagramAuthenticator> authenticator, ApplicationEventPublisher publisher,
			ObjectProvider<PeerMetrics> metrics, Environment environment) {
		return new PeerDiscovery(node, settings, authenticator.getIfAvailable(() -> networkKeyAuthenticator(node)),
				publisher, metrics.getIfAvailable(() -> PeerMetrics.NONE),
				NodeThreads.threads("p2p-discovery-" + node.getNodeId() + "-", Threading.VIRTUAL.isActive(environment)));
	}

	private static DatagramAuthenticator networkKeyAuthenticator(PeerNode node) {
		NetworkKey key = node.getNetworkKey();
		return (key != null) ? new NetworkKeyAuthenticator(key) : DatagramAuthenticator.NONE;
	}

}
