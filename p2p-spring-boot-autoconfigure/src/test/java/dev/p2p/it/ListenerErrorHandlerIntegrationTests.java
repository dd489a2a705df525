package dev.p2p.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.event.PacketListenerFailedEvent;
import dev.p2p.listener.PacketListenerErrorHandler;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.peer.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens to a listener's failure: the default handler logs it at ERROR and publishes
 * it; a {@link PacketListenerErrorHandler} bean replaces both. With observation on, listener
 * handling is timed once, by the observation.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerErrorHandlerIntegrationTests {

	@Test
	void byDefaultAFailureIsLoggedAtErrorAndPublished(CapturedOutput output) {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob")) {
			bob.node.connect(PeerAddress.parse(alice.address())).join();
			bob.packets.send("alice", TestPacketType.BOOM, "bang");
			await().until(() -> !alice.recorder.events(PacketListenerFailedEvent.class).isEmpty());
			assertThat(output).contains("ERROR").contains("failed on BOOM from 'bob'")
				.contains("listener failed on purpose: bang");
		}
	}

	@Test
	void aHandlerBeanReplacesTheLoggingAndThePublication(CapturedOutput output) {
		try (TestPeer alice = TestPeer.start("alice", new Class<?>[] { Handled.class });
				TestPeer bob = TestPeer.start("bob")) {
			bob.node.connect(PeerAddress.parse(alice.address())).join();
			bob.packets.send("alice", TestPacketType.BOOM, "bang");
			List<PacketListenerFailedEvent> handled = alice.context.getBean(Handled.class).failures;
			await().until(() -> !handled.isEmpty());
			assertThat(handled).singleElement().satisfies((failure) -> {
				assertThat(failure.getNodeId()).isEqualTo("bob");
				assertThat(failure.getPacketType()).isEqualTo(TestPacketType.BOOM);
				assertThat(failure.getException()).hasMessage("listener failed on purpose: bang");
			});
			// the connection stays up and the next packet is handled
			bob.packets.send("alice", TestPacketType.TEXT, "after");
			await().until(() -> alice.recorder.texts.contains("after|5"));
			assertThat(alice.recorder.events(PacketListenerFailedEvent.class)).isEmpty();
			assertThat(output).doesNotContain("failed on BOOM");
		}
	}

	@Test
	void withObservationOnListenersAreTimedOnlyByTheObservation() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.observation.enabled=true");
				TestPeer bob = TestPeer.start("bob")) {
			bob.node.connect(PeerAddress.parse(alice.address())).join();
			for (int i = 0; i < 3; i++) {
				bob.packets.send("alice", TestPacketType.TEXT, "t" + i);
			}
			await().until(() -> alice.recorder.texts.size() == 3);
			MeterRegistry meters = alice.context.getBean(MeterRegistry.class);
			await().until(() -> meters.find("p2p.packet.receive").tag("p2p.packet.type", "TEXT").timer() != null
					&& meters.find("p2p.packet.receive").tag("p2p.packet.type", "TEXT").timer().count() == 3);
			// the listener timers exist (registered up front) but record nothing
			assertThat(meters.find(MicrometerPeerMetrics.LISTENER_DURATION).timers()).isNotEmpty()
				.allSatisfy((timer) -> assertThat(timer.count()).isZero());
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Handled {

		final List<PacketListenerFailedEvent> failures = new CopyOnWriteArrayList<>();

		@Bean
		PacketListenerErrorHandler recordingErrorHandler() {
			return this.failures::add;
		}

	}

}
