package dev.p2p.metrics.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.p2p.it.TestPacketType;
import dev.p2p.metrics.GuardedPeerMetrics;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MicrometerPeerMetrics} and {@link PeerMetrics#guard}.
 */
class MicrometerPeerMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final PacketTypeRegistry packetTypes = PacketTypeRegistry.of(TestPacketType.class);

	@Test
	void peerSeriesSurvivesWhileAnotherConnectionOfThatPeerIsOpen() {
		MicrometerPeerMetrics metrics = new MicrometerPeerMetrics(this.registry, this.packetTypes, true);
		PeerSession old = session("bob", SessionState.ACTIVE);
		PeerSession replacement = session("bob", SessionState.ACTIVE);
		metrics.bytesReceived(old, 10);
		metrics.bytesReceived(replacement, 5);
		given(old.getState()).willReturn(SessionState.CLOSED);
		metrics.sessionClosed(old);
		metrics.bytesReceived(replacement, 1);
		assertThat(this.registry.get(MicrometerPeerMetrics.BYTES_RECEIVED).tag("peer", "bob").counter().count())
			.isEqualTo(16);
		given(replacement.getState()).willReturn(SessionState.CLOSED);
		metrics.sessionClosed(replacement);
		assertThat(this.registry.find(MicrometerPeerMetrics.BYTES_RECEIVED).tag("peer", "bob").meters()).isEmpty();
		assertThat(this.registry.find(MicrometerPeerMetrics.PACKETS_RECEIVED).tag("peer", "bob").meters()).isEmpty();
	}

	@Test
	void closedSessionCountsInTheSharedSeriesAndCreatesNoPeerSeries() {
		MicrometerPeerMetrics metrics = new MicrometerPeerMetrics(this.registry, this.packetTypes, true);
		PeerSession gone = session("carol", SessionState.CLOSED);
		metrics.bytesSent(gone, 7);
		metrics.sessionClosed(gone);
		assertThat(this.registry.find(MicrometerPeerMetrics.BYTES_SENT).tag("peer", "carol").meters()).isEmpty();
		assertThat(this.registry.get(MicrometerPeerMetrics.BYTES_SENT).tag("peer", "").counter().count()).isEqualTo(7);
	}

	@Test
	void guardedMetricsSwallowFailures() {
		PeerMetrics failing = new PeerMetrics() {
			@Override
			public void bytesSent(PeerSession session, long bytes) {
				throw new IllegalStateException("boom");
			}
		};
		PeerMetrics guarded = PeerMetrics.guard(failing);
		assertThatNoException().isThrownBy(() -> guarded.bytesSent(session("x", SessionState.ACTIVE), 1));
		assertThat(PeerMetrics.guard(guarded)).isSameAs(guarded);
		assertThat(PeerMetrics.guard(PeerMetrics.NONE)).isSameAs(PeerMetrics.NONE);
	}

	@Test
	void guardPassesEveryHookOn() {
		for (java.lang.reflect.Method hook : PeerMetrics.class.getMethods()) {
			if (!java.lang.reflect.Modifier.isStatic(hook.getModifiers())) {
				assertThat(org.springframework.util.ReflectionUtils.findMethod(GuardedPeerMetrics.class, hook.getName(),
						hook.getParameterTypes()).getDeclaringClass())
					.as("GuardedPeerMetrics overrides %s", hook.getName())
					.isEqualTo(GuardedPeerMetrics.class);
			}
		}
	}

	private static PeerSession session(String nodeId, SessionState state) {
		PeerSession session = mock(PeerSession.class);
		given(session.getNodeId()).willReturn(nodeId);
		given(session.getState()).willReturn(state);
		return session;
	}

}
