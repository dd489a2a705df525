package dev.p2p.autoconfigure.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link P2pEndpointAutoConfiguration} and {@link P2pHealthContributorAutoConfiguration}.
 */
class P2pActuatorAutoConfigurationTests {

	private static final String EXPOSE_OVER_WEB = "management.endpoints.web.exposure.include=p2p";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pEndpointAutoConfiguration.class,
				P2pHealthContributorAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1");

	// ---- health indicator

	@Test
	void healthIndicatorNamedP2pIsConfiguredByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(P2pHealthIndicator.class);
			assertThat(context).hasBean("p2pHealthIndicator");
		});
	}

	@Test
	void healthIndicatorBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.p2p.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(PeerNode.class)
				.doesNotHaveBean(P2pHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWithoutHealthClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(PeerNode.class)
				.doesNotHaveBean(P2pHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffForUserIndicatorOfTheSameName() {
		this.contextRunner.withUserConfiguration(UserHealthIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(P2pHealthIndicator.class);
			assertThat(context.getBean("p2pHealthIndicator", HealthIndicator.class).health().getDetails())
				.containsEntry("user", true);
		});
	}

	@Test
	void healthIndicatorBacksOffForUserP2pHealthIndicator() {
		this.contextRunner.withUserConfiguration(UserP2pHealthIndicatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(P2pHealthIndicator.class);
			assertThat(context).hasBean("myP2pHealth").doesNotHaveBean("p2pHealthIndicator");
		});
	}

	// ---- endpoint

	@Test
	void endpointIsNotConfiguredUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(PeerNode.class)
			.doesNotHaveBean(P2pEndpoint.class)
			.doesNotHaveBean(P2pEndpointWebExtension.class));
	}

	@Test
	void endpointAndWebExtensionAreConfiguredWhenExposedOverWeb() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB)
			.run((context) -> assertThat(context).hasSingleBean(P2pEndpoint.class)
				.hasSingleBean(P2pEndpointWebExtension.class));
	}

	@Test
	void endpointExposedOverJmxOnlyHasNoWebExtension() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=p2p")
			.run((context) -> assertThat(context).hasSingleBean(P2pEndpoint.class)
				.doesNotHaveBean(P2pEndpointWebExtension.class));
	}

	@Test
	void endpointIsNotConfiguredWhenItsAccessIsNone() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB, "management.endpoint.p2p.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(P2pEndpoint.class)
				.doesNotHaveBean(P2pEndpointWebExtension.class));
	}

	@Test
	void endpointBacksOffWithoutActuatorClasses() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(PeerNode.class)
				.doesNotHaveBean(P2pEndpoint.class)
				.doesNotHaveBean(P2pEndpointWebExtension.class));
	}

	@Test
	void endpointBacksOffForUserEndpoint() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB)
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(P2pEndpoint.class).hasBean("myP2pEndpoint");
				assertThat(context.getBean(P2pEndpointWebExtension.class)).isNotNull();
			});
	}

	@Test
	void endpointWaitsForDialPlusHandshakeTimeout() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB, "p2p.connect-timeout=2s", "p2p.handshake.timeout=3s")
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(P2pEndpoint.class),
					"connectTimeout"))
				.isEqualTo(Duration.ofSeconds(6)));
	}

	// ---- no node

	@Test
	void nothingIsConfiguredWithoutAPeerNode() {
		this.contextRunner.withPropertyValues(EXPOSE_OVER_WEB, "p2p.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PeerNode.class)
				.doesNotHaveBean(P2pEndpoint.class)
				.doesNotHaveBean(P2pEndpointWebExtension.class)
				.doesNotHaveBean(P2pHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthIndicatorConfiguration {

		@Bean
		HealthIndicator p2pHealthIndicator() {
			return () -> Health.up().withDetail("user", true).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserP2pHealthIndicatorConfiguration {

		@Bean
		P2pHealthIndicator myP2pHealth(PeerNode node) {
			return new P2pHealthIndicator(node);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		P2pEndpoint myP2pEndpoint(PeerNode node) {
			return new P2pEndpoint(node, Duration.ofSeconds(1));
		}

	}

}
