package dev.p2p.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.nat.ObservedAddresses;
import dev.p2p.node.PeerNode;

/**
 * Auto-configuration of the {@code p2p} health indicator; active when Spring Boot's health
 * support is on the classpath, a {@link PeerNode} exists and
 * {@code management.health.p2p.enabled} is not {@code false}.
 */
@AutoConfiguration(after = P2pAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(PeerNode.class)
@ConditionalOnEnabledHealthIndicator("p2p")
public final class P2pHealthContributorAutoConfiguration {

	/** The bean name gives the contributor its name, {@code p2p}. */
	@Bean
	@ConditionalOnMissingBean(value = P2pHealthIndicator.class, name = { "p2pHealthIndicator", "p2pHealthContributor" })
	P2pHealthIndicator p2pHealthIndicator(PeerNode node, ObjectProvider<ObservedAddresses> observed) {
		return new P2pHealthIndicator(node, observed.getIfAvailable());
	}

}
