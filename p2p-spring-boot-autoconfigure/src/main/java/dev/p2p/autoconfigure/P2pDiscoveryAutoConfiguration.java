package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.p2p.discovery.DatagramAuthenticator;
import dev.p2p.discovery.DiscoverySettings;
import dev.p2p.discovery.NetworkKeyAuthenticator;
import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.security.NetworkKey;

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
		P2pDiscoveryProperties discovery = properties.getDiscovery();
		int port = discovery.getPort();
		if (port < 1 || port > 65535) {
			throw new InvalidP2pPropertyException("p2p.discovery.port", port, "p2p.discovery.port must be from 1 to 65535, was " + port);
		}
		if (discovery.getTtl() < 0 || discovery.getTtl() > 255) {
			throw new InvalidP2pPropertyException("p2p.discovery.ttl", discovery.getTtl(), "p2p.discovery.ttl must be from 0 to 255, was " + discovery.getTtl());
		}
		if (discovery.getMaxPeers() < 1) {
			throw new InvalidP2pPropertyException("p2p.discovery.max-peers", discovery.getMaxPeers(),
					"p2p.discovery.max-peers must be at least 1, was " + discovery.getMaxPeers());
		}
		PeerAddress dnsName = null;
		if (discovery.getDnsName() != null && !discovery.getDnsName().isBlank()) {
			try {
				dnsName = PeerAddress.parse(discovery.getDnsName());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidP2pPropertyException("p2p.discovery.dns-name", discovery.getDnsName(),
						"p2p.discovery.dns-name: " + ex.getMessage(), ex);
			}
		}
		String networkInterface = (discovery.getNetworkInterface() != null
				&& !discovery.getNetworkInterface().isBlank()) ? discovery.getNetworkInterface() : null;
		return new DiscoverySettings(discovery.isEnabled(), discovery.getMode(), port, discovery.getGroup(),
				positive("p2p.discovery.interval", discovery.getInterval()), discovery.getTtl(), networkInterface,
				properties.getServer().getAdvertisedHost(), discovery.isAutoConnect(), dnsName,
				positive("p2p.discovery.dns-interval", discovery.getDnsInterval()), discovery.isPeerExchange(),
				positive("p2p.discovery.peer-exchange-interval", discovery.getPeerExchangeInterval()),
				properties.getRequest().getTimeout(), discovery.getMaxPeers());
	}

	@Bean
	@ConditionalOnMissingBean
	PeerDiscovery p2pPeerDiscovery(PeerNode node, DiscoverySettings settings,
			ObjectProvider<DatagramAuthenticator> authenticator, ApplicationEventPublisher publisher,
			ObjectProvider<PeerMetrics> metrics) {
		return new PeerDiscovery(node, settings, authenticator.getIfAvailable(() -> networkKeyAuthenticator(node)),
				publisher, metrics.getIfAvailable(() -> PeerMetrics.NONE));
	}

	private static DatagramAuthenticator networkKeyAuthenticator(PeerNode node) {
		NetworkKey key = node.getNetworkKey();
		return (key != null) ? new NetworkKeyAuthenticator(key) : DatagramAuthenticator.NONE;
	}

	private static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidP2pPropertyException(property, value, property + " must be a positive duration, was " + value);
		}
		return value;
	}

}
