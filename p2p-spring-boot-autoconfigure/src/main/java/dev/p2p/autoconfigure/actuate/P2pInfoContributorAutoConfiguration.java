package dev.p2p.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.node.PeerNode;

/**
 * Auto-configuration of the {@code p2p} info contributor; active when the actuator is on the
 * classpath, a {@link PeerNode} exists and {@code management.info.p2p.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(after = P2pAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(PeerNode.class)
@ConditionalOnEnabledInfoContributor("p2p")
public final class P2pInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	P2pInfoContributor p2pInfoContributor(PeerNode node) {
		return new P2pInfoContributor(node);
	}

}
