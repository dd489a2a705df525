package dev.p2p.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.peerpy.PeerpyNode;
import dev.p2p.compat.pnet.PnetNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link P2pCompatAutoConfiguration}: each profile only when enabled, backing off from
 * the application's beans, and refusing bad properties at start-up.
 */
class P2pCompatAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pCompatAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=" + P2pAutoConfigurationTests.TestPacketType.class.getName());

	private static final String[] PEERPY = { "p2p.peerpy.enabled=true", "p2p.peerpy.port=0",
			"p2p.peerpy.address=127.0.0.1", "p2p.peerpy.packet-type=CHAT", "p2p.peerpy.discovery=false" };

	private static final String[] PNET = { "p2p.pnet.enabled=true", "p2p.pnet.server-port=0",
			"p2p.pnet.address=127.0.0.1", "p2p.pnet.advertise-port=0", "p2p.pnet.advertise-address=127.0.0.1",
			"p2p.pnet.key-size=1024" };

	@Test
	void profilesAreOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PeerpyNode.class).doesNotHaveBean(PnetNode.class);
		});
	}

	@Test
	void enabledProfilesRunNextToTheNode() {
		this.contextRunner.withPropertyValues(PEERPY).withPropertyValues(PNET).withPropertyValues("p2p.node-id=robot-1")
			.run((context) -> {
				assertThat(context).hasSingleBean(PeerpyNode.class).hasSingleBean(PnetNode.class);
				assertThat(context.getBean(PeerpyNode.class).getPort()).isPositive();
				// the pnet name defaults to the node id
				assertThat(context.getBean(PnetNode.class).getName()).isEqualTo("robot-1");
				assertThat(context.getBean(PnetNode.class).getPublicKey().getModulus().bitLength()).isEqualTo(1024);
			});
	}

	@Test
	void refusalsAreCountedWithMicrometer() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			context.getBean(CompatMetrics.class).refused("peerpy", "raw-refused");
			assertThat(context.getBean(SimpleMeterRegistry.class)
				.get("p2p.compat.refused")
				.tag("profile", "peerpy")
				.tag("reason", "raw-refused")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void applicationBeansWin() {
		CompatMetrics own = (profile, reason) -> {
		};
		this.contextRunner.withBean(CompatMetrics.class, () -> own).run((context) -> {
			assertThat(context.getBean(CompatMetrics.class)).isSameAs(own);
		});
	}

	@Test
	void peerpyNeedsAKnownPacketTypeAndRefusesTheRawDataType() {
		this.contextRunner.withPropertyValues(PEERPY).withPropertyValues("p2p.peerpy.packet-type=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.peerpy.packet-type must name");
		});
		this.contextRunner.withPropertyValues(PEERPY).withPropertyValues("p2p.peerpy.packet-type=NOPE").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.peerpy.packet-type").hasStackTraceContaining("NOPE");
		});
		this.contextRunner.withPropertyValues(PEERPY).withPropertyValues("p2p.peerpy.data-type=raw").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("raw is pickle");
		});
		this.contextRunner.withPropertyValues(PEERPY).withPropertyValues("p2p.peerpy.peers=nohost").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.peerpy.peers");
		});
	}

	@Test
	void pnetRefusesBadNamesKeysAndKeySizes() {
		this.contextRunner.withPropertyValues(PNET).withPropertyValues("p2p.pnet.name=a|b").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.pnet.name 'a|b'");
		});
		this.contextRunner.withPropertyValues(PNET).withPropertyValues("p2p.pnet.network-key=not-a-fernet-key")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasStackTraceContaining("p2p.pnet.network-key must be a Fernet key")
					.satisfies((failure) -> assertThat(failure.toString()).doesNotContain("not-a-fernet-key"));
			});
		this.contextRunner.withPropertyValues(PNET).withPropertyValues("p2p.pnet.key-size=4096").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.pnet.key-size").hasStackTraceContaining("2048");
		});
		this.contextRunner.withPropertyValues(PNET).withPropertyValues("p2p.pnet.private-key=garbage").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("p2p.pnet.private-key");
		});
	}

}
