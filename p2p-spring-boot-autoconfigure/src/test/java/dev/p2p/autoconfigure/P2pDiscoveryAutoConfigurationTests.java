package dev.p2p.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.discovery.DatagramAuthenticator;
import dev.p2p.discovery.DiscoveryMode;
import dev.p2p.discovery.DiscoverySettings;
import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.peer.PeerAddress;
import dev.p2p.session.PeerNodeSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link P2pDiscoveryAutoConfiguration} and the heartbeat settings.
 */
class P2pDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pDiscoveryAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1");

	@Test
	void discoveryIsOffAndHeartbeatOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PeerDiscovery.class);
			DiscoverySettings settings = context.getBean(DiscoverySettings.class);
			assertThat(settings.anyEnabled()).isFalse();
			assertThat(settings.mode()).isEqualTo(DiscoveryMode.BROADCAST);
			assertThat(settings.port()).isEqualTo(5002);
			assertThat(settings.autoConnect()).isTrue();
			assertThat(context.getBean(PeerDiscovery.class).isRunning()).isFalse();
			PeerNodeSettings node = context.getBean(PeerNodeSettings.class);
			assertThat(node.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(node.getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
		});
	}

	@Test
	void bindsEveryDiscoveryProperty() {
		this.contextRunner
			.withPropertyValues("p2p.discovery.enabled=true", "p2p.discovery.mode=multicast", "p2p.discovery.port=6000",
					"p2p.discovery.group=239.1.2.3", "p2p.discovery.interval=1s", "p2p.discovery.ttl=4",
					"p2p.discovery.interface=lo", "p2p.discovery.auto-connect=false",
					"p2p.discovery.dns-name=peers.example:5001", "p2p.discovery.dns-interval=10s",
					"p2p.discovery.peer-exchange=true", "p2p.discovery.peer-exchange-interval=20s",
					"p2p.discovery.max-peers=7", "p2p.server.advertised-host=10.0.0.9",
					"p2p.discovery.ipv4=false", "p2p.discovery.ipv6=true", "p2p.discovery.ipv6-group=ff02::1:2")
			.run((context) -> {
				DiscoverySettings settings = context.getBean(DiscoverySettings.class);
				assertThat(settings).isEqualTo(new DiscoverySettings(true, DiscoveryMode.MULTICAST, 6000, "239.1.2.3",
						Duration.ofSeconds(1), 4, "lo", "10.0.0.9", false, new PeerAddress("peers.example", 5001),
						Duration.ofSeconds(10), true, Duration.ofSeconds(20), Duration.ofSeconds(10), 7, false, true,
						"ff02::1:2"));
			});
	}

	@Test
	void invalidSettingsFailStartWithThePropertyNamed() {
		this.contextRunner.withPropertyValues("p2p.discovery.port=70000")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.discovery.port"));
		this.contextRunner.withPropertyValues("p2p.discovery.dns-name=no-port")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("p2p.discovery.dns-name: Peer address"));
		this.contextRunner.withPropertyValues("p2p.discovery.max-peers=0")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.discovery.max-peers"));
		this.contextRunner.withPropertyValues("p2p.heartbeat.interval=5s", "p2p.heartbeat.timeout=5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("p2p.heartbeat.timeout (PT5S) must be longer than p2p.heartbeat.interval"));
	}

	@Test
	void heartbeatCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("p2p.heartbeat.enabled=false")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getHeartbeatInterval()).isNull());
	}

	@Test
	void backsOffForUserBeansAndUsesAnAuthenticatorBean() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(DiscoverySettings.class);
			assertThat(context.getBean(DiscoverySettings.class).port()).isEqualTo(4242);
			assertThat(context).hasSingleBean(DatagramAuthenticator.class);
			assertThat(context).hasSingleBean(PeerDiscovery.class);
		});
	}

	@Test
	void noDiscoveryWithoutANode() {
		this.contextRunner.withPropertyValues("p2p.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PeerDiscovery.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		DiscoverySettings mySettings() {
			return new DiscoverySettings(false, DiscoveryMode.BROADCAST, 4242, "239.1.1.1", Duration.ofSeconds(1), 1,
					null, null, true, null, Duration.ofSeconds(30), false, Duration.ofSeconds(30),
					Duration.ofSeconds(10), 10, true, false, DiscoverySettings.DEFAULT_IPV6_GROUP);
		}

		@Bean
		DatagramAuthenticator myAuthenticator() {
			return DatagramAuthenticator.NONE;
		}

	}

}
