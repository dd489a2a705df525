package dev.p2p.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * NAT traversal ({@code p2p.nat.*}): applies port reuse to the node's transport.
 */
@AutoConfiguration(before = P2pAutoConfiguration.class)
@ConditionalOnClass(TcpNetServerConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
@EnableConfigurationProperties(P2pNatProperties.class)
public final class P2pNatAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "p2pNatPeerNodeCustomizer")
	PeerNodeCustomizer p2pNatPeerNodeCustomizer(P2pNatProperties nat) {
		return (settings) -> settings.setTransport(settings.getTransport().withPortReuse(nat.isPortReuse()));
	}

}
