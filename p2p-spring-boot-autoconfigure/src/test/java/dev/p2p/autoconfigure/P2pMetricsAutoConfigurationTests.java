package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.p2p.it.TestPacketType;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.metrics.micrometer.PeerNodeMeterBinder;
import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link P2pMetricsAutoConfiguration}.
 */
class P2pMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=" + TestPacketType.class.getName());

	@Test
	void recordsInTheMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(PeerMetrics.class);
			assertThat(context).getBean(PeerMetrics.class).isInstanceOf(MicrometerPeerMetrics.class);
			assertThat(context).hasSingleBean(PeerNodeMeterBinder.class);
			assertThat(context.getBean(PeerNode.class)).extracting("context.metrics.delegate").isSameAs(context.getBean(PeerMetrics.class));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// meters exist before the first packet, one series per type, outcome and reason
			assertThat(registry.find(MicrometerPeerMetrics.PACKETS_SENT).counters()).hasSize(TestPacketType.values().length);
			assertThat(registry.get(MicrometerPeerMetrics.HANDSHAKES).tag("outcome", "success").counter().count()).isZero();
			assertThat(registry.get(MicrometerPeerMetrics.PACKETS_REJECTED).tag("reason", "unknown-type").counter().count())
				.isZero();
			assertThat(registry.get(MicrometerPeerMetrics.LISTENER_DURATION).tags("type", "MOVE", "outcome", "error").timer()
				.count()).isZero();
		});
	}

	@Test
	void timesEveryListenerInvocationByDefault() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			PeerMetrics metrics = context.getBean(PeerMetrics.class);
			assertThat(timed(metrics, 8)).containsOnly(true);
		});
	}

	@Test
	void timesOneListenerInvocationInTheConfiguredInterval() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("p2p.metrics.listener-timing-interval=4")
			.run((context) -> assertThat(timed(context.getBean(PeerMetrics.class), 8)).containsExactly(false, false,
					false, true, false, false, false, true));
	}

	@Test
	void timesNoListenerInvocationWithIntervalZero() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("p2p.metrics.listener-timing-interval=0")
			.run((context) -> assertThat(timed(context.getBean(PeerMetrics.class), 8)).containsOnly(false));
	}

	@Test
	void rejectsANegativeListenerTimingInterval() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("p2p.metrics.listener-timing-interval=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidP2pPropertyException.class)
				.hasMessageContaining("p2p.metrics.listener-timing-interval"));
	}

	private static List<Boolean> timed(PeerMetrics metrics, int invocations) {
		List<Boolean> timed = new ArrayList<>();
		for (int i = 0; i < invocations; i++) {
			timed.add(metrics.timesListenerInvocation());
		}
		return timed;
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PeerMetrics.class);
			assertThat(context).doesNotHaveBean(PeerNodeMeterBinder.class);
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PeerMetrics.class);
		});
	}

	@Test
	void backsOffWhenTheNodeIsDisabled() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).withPropertyValues("p2p.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PeerMetrics.class);
			assertThat(context).doesNotHaveBean(PeerNodeMeterBinder.class);
		});
	}

	@Test
	void backsOffToUserPeerMetrics() {
		PeerMetrics metrics = new PeerMetrics() {
		};
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean("userMetrics", PeerMetrics.class, () -> metrics)
			.run((context) -> {
				assertThat(context).hasSingleBean(PeerMetrics.class);
				assertThat(context.getBean(PeerNode.class)).extracting("context.metrics.delegate").isSameAs(metrics);
				assertThat(context).hasSingleBean(PeerNodeMeterBinder.class);
			});
	}

}
