package dev.p2p.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.p2p.autoconfigure.actuate.P2pEndpoint.PeerDescriptor;
import dev.p2p.autoconfigure.actuate.P2pEndpoint;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats on real connections: round-trip times, silent and frozen peers, and dpea-p2p
 * peers that must never see a PING.
 */
class HeartbeatIntegrationTests {

	@Test
	void pongsGiveTheRoundTripTimeShownByTheEndpointAndTimer() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.heartbeat.interval=100ms", "p2p.heartbeat.timeout=3s");
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address(), "p2p.heartbeat.interval=100ms",
						"p2p.heartbeat.timeout=3s")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> alice.isConnectedTo("bob"));
			PeerSession bobSession = alice.session("bob");
			await().atMost(Duration.ofSeconds(10)).until(() -> bobSession.getRoundTripTime() != null);
			assertThat(bobSession.getRoundTripTime()).isPositive().isLessThan(Duration.ofSeconds(3));
			PeerDescriptor described = new P2pEndpoint(alice.node, Duration.ofSeconds(2)).peer("bob");
			assertThat(described.roundTripMillis()).isNotNull().isPositive();
			assertThat(alice.context.getBean(MeterRegistry.class).get("p2p.heartbeat.rtt").timer().count())
				.isPositive();
			assertThat(alice.recorder.events(PeerDisconnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void aPeerThatSendsNothingIsDeclaredDeadWithinTheTimeout() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.heartbeat.interval=100ms", "p2p.heartbeat.timeout=600ms");
				RawPeer silent = new RawPeer(alice.port())) {
			silent.hello("silent", UUID.randomUUID().toString(), "default");
			await().atMost(Duration.ofSeconds(5)).until(() -> alice.isConnectedTo("silent"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !alice.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent event = alice.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(event.getNodeId()).isEqualTo("silent");
			assertThat(event.getReason()).isEqualTo(DisconnectReason.TIMEOUT);
			assertThat(event.getDetail()).contains("p2p.heartbeat.timeout");
			assertThat(silent.closedByPeer()).isTrue();
			assertThat(alice.context.getBean(MeterRegistry.class).get("p2p.heartbeat.timeouts").counter().count())
				.isEqualTo(1);
		}
	}

	@Test
	void aPingIsAnsweredWithAPongEchoingItsBytesAndKeepsThePeerAlive() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.heartbeat.interval=100ms", "p2p.heartbeat.timeout=3s");
				RawPeer raw = new RawPeer(alice.port())) {
			raw.hello("raw", UUID.randomUUID().toString(), "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			byte[] nonce = ByteBuffer.allocate(8).putLong(0x1122334455667788L).array();
			raw.send(ControlCode.PING, nonce);
			boolean ponged = false;
			int pings = 0;
			long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < until) {
				Frame frame = raw.receiveAny();
				if (frame.type() == ControlCode.PONG) {
					assertThat(frame.payload()).isEqualTo(nonce);
					ponged = true;
				}
				else if (frame.type() == ControlCode.PING) {
					// answering the node's pings keeps the session alive past the timeout
					raw.send(ControlCode.PONG, frame.payload());
					pings++;
				}
			}
			assertThat(ponged).isTrue();
			assertThat(pings).isGreaterThan(5);
			assertThat(alice.isConnectedTo("raw")).isTrue();
			assertThat(alice.session("raw").getRoundTripTime()).isNotNull();
		}
	}

	@Test
	void aMalformedPingIsAProtocolError() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer raw = new RawPeer(alice.port())) {
			raw.hello("raw", UUID.randomUUID().toString(), "default");
			await().atMost(Duration.ofSeconds(5)).until(() -> alice.isConnectedTo("raw"));
			raw.send(ControlCode.PING, new byte[3]);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !alice.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent event = alice.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(event.getReason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
			assertThat(event.getDetail()).contains("PING payload must be 8 bytes, got 3");
		}
	}

	@Test
	void handshakeModeNoneNeverPingsNorTimesOut() throws Exception {
		try (TestPeer dpea = TestPeer.start("dpea", "p2p.handshake.mode=none", "p2p.heartbeat.interval=50ms",
				"p2p.heartbeat.timeout=200ms"); RawPeer raw = new RawPeer(dpea.port())) {
			await().atMost(Duration.ofSeconds(5)).until(() -> dpea.node.getSessions().size() == 1);
			PeerSession session = dpea.node.getSessions().get(0);
			await().during(Duration.ofMillis(800))
				.atMost(Duration.ofSeconds(3))
				.until(() -> session.getBytesOut() == 0 && session.isActive());
		}
	}

}
