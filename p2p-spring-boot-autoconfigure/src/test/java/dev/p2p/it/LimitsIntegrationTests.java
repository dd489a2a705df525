package dev.p2p.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits of {@code p2p.limits.*}: each violation closes with a reason, publishes an event
 * and counts in {@code p2p.limits.exceeded}.
 */
class LimitsIntegrationTests {

	@Test
	void connectionsPerAddressAreLimitedAndHandshakingOnesCount() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.max-connections-per-address=3")) {
			List<RawPeer> held = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					held.add(new RawPeer(alice.port(), "127.0.0.1"));
				}
				await().until(() -> alice.node.getOpenConnectionCount() == 3);
				try (RawPeer fourth = new RawPeer(alice.port(), "127.0.0.1")) {
					Frame deny = fourth.receive();
					assertThat(deny.type()).isEqualTo(ControlCode.DENY);
					assertThat(new HandshakeCodec().readReason(deny.payload()))
						.contains("limit of 3 open connections from 127.0.0.1");
					assertThat(fourth.closedByPeer()).isTrue();
				}
				try (RawPeer other = new RawPeer(alice.port(), "127.0.0.2")) {
					other.hello("other", UUID.randomUUID().toString(), "default");
					assertThat(other.receive().type()).isEqualTo(ControlCode.ACCEPT);
				}
				await().until(() -> failures(alice, HandshakeFailure.LIMIT_EXCEEDED) == 1);
				assertThat(exceeded(alice, "max-connections-per-address")).isEqualTo(1);
				held.remove(0).close();
				await().until(() -> alice.node.getOpenConnectionCount() == 2);
				try (RawPeer again = new RawPeer(alice.port(), "127.0.0.1")) {
					again.hello("again", UUID.randomUUID().toString(), "default");
					assertThat(again.receive().type()).isEqualTo(ControlCode.ACCEPT);
				}
			}
			finally {
				for (RawPeer peer : held) {
					peer.close();
				}
			}
		}
	}

	@Test
	void totalConnectionsAreLimited() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.max-connections=2");
				RawPeer first = new RawPeer(alice.port(), "127.0.0.2");
				RawPeer second = new RawPeer(alice.port(), "127.0.0.3")) {
			await().until(() -> alice.node.getOpenConnectionCount() == 2);
			try (RawPeer third = new RawPeer(alice.port(), "127.0.0.4")) {
				assertThat(new HandshakeCodec().readReason(third.receive().payload()))
					.contains("connection limit of 2 open connections reached");
			}
			await().until(() -> exceeded(alice, "max-connections") == 1);
		}
	}

	@Test
	void newConnectionRatePerAddressIsLimited() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.connection-rate=0.1",
				"p2p.limits.connection-burst=2")) {
			new RawPeer(alice.port(), "127.0.0.5").close();
			new RawPeer(alice.port(), "127.0.0.5").close();
			// both taken in before the third arrives: with netty, accepted connections join their
			// event loops in parallel, so a later one could otherwise be admitted first
			await().until(() -> alice.recorder.events(PeerHandshakeFailedEvent.class)
				.stream()
				.filter((event) -> event.getFailure() == HandshakeFailure.CONNECTION_LOST)
				.count() == 2);
			try (RawPeer third = new RawPeer(alice.port(), "127.0.0.5")) {
				assertThat(new HandshakeCodec().readReason(third.receive().payload()))
					.contains("new connections per second from 127.0.0.5");
			}
			await().until(() -> exceeded(alice, "connection-rate") == 1);
			PeerHandshakeFailedEvent failed = alice.recorder.events(PeerHandshakeFailedEvent.class)
				.stream()
				.filter((event) -> event.getFailure() == HandshakeFailure.LIMIT_EXCEEDED)
				.findFirst()
				.orElseThrow();
			assertThat(failed.getDetail()).contains("p2p.limits.connection-rate");
		}
	}

	@Test
	void idleSessionIsClosed() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.idle-timeout=300ms");
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address(), "p2p.reconnect.initial-delay=10s",
						"p2p.reconnect.max-delay=10s")) {
			await().until(() -> !alice.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent event = alice.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(event.getReason()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
			assertThat(event.getDetail()).contains("p2p.limits.idle-timeout");
			assertThat(exceeded(alice, "idle-timeout")).isGreaterThanOrEqualTo(1);
			await().until(() -> !bob.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			assertThat(bob.recorder.events(PeerDisconnectedEvent.class).get(0).getDetail())
				.contains("p2p.limits.idle-timeout");
		}
	}

	@Test
	void tooManyRequestsInFlightCloseTheSession() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.max-requests-in-flight=2");
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address(), "p2p.reconnect.initial-delay=10s",
						"p2p.reconnect.max-delay=10s")) {
			await().until(() -> bob.isConnectedTo("alice"));
			List<CompletableFuture<String>> replies = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				replies.add(bob.packets.request("alice", TestPacketType.DELAY, "2000", String.class));
			}
			await().until(() -> !alice.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent event = alice.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(event.getReason()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
			assertThat(event.getDetail()).contains("more than 2 requests in flight");
			assertThat(exceeded(alice, "max-requests-in-flight")).isEqualTo(1);
			await().until(() -> replies.stream().allMatch(CompletableFuture::isDone));
		}
	}

	@Test
	void requestIdReusedWhileServedClosesTheSession() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer raw = new RawPeer(alice.port())) {
			raw.hello("raw", UUID.randomUUID().toString(), "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			byte[] millis = "2000".getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < 2; i++) {
				raw.send(ControlCode.REQUEST, RequestEnvelopes.request(5, TestPacketType.DELAY.code()).payload());
				raw.send(TestPacketType.DELAY.code(), millis);
			}
			Frame bye = raw.receive();
			assertThat(bye.type()).isEqualTo(ControlCode.BYE);
			assertThat(new HandshakeCodec().readReason(bye.payload())).contains("request id 5 reused");
			await().until(() -> !alice.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			assertThat(alice.recorder.events(PeerDisconnectedEvent.class).get(0).getReason())
				.isEqualTo(DisconnectReason.PROTOCOL_ERROR);
		}
	}

	@Test
	void requestsAnsweredInTimeStayUnderTheLimit() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.limits.max-requests-in-flight=2");
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			for (int i = 0; i < 20; i++) {
				assertThat(bob.packets.request("alice", TestPacketType.DELAY, "1", String.class).get())
					.isEqualTo("done-1");
			}
			assertThat(alice.recorder.events(PeerDisconnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void handshakeTimeoutAndOversizeFramesCountAsLimits() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.handshake.timeout=200ms", "p2p.max-payload-size=1KB")) {
			try (RawPeer slow = new RawPeer(alice.port())) {
				assertThat(slow.closedByPeer()).isTrue();
			}
			try (RawPeer big = new RawPeer(alice.port())) {
				big.send(TestPacketType.TEXT.code(), "x".repeat(2048).getBytes(StandardCharsets.UTF_8));
				assertThat(big.closedByPeer()).isTrue();
			}
			await().until(() -> exceeded(alice, "handshake-timeout") >= 1 && exceeded(alice, "max-payload-size") == 1);
		}
	}

	private static double exceeded(TestPeer peer, String limit) {
		MeterRegistry registry = peer.context.getBean(MeterRegistry.class);
		return registry.get(MicrometerPeerMetrics.LIMITS_EXCEEDED).tag("limit", limit).counter().count();
	}

	private static long failures(TestPeer peer, HandshakeFailure failure) {
		return peer.recorder.events(PeerHandshakeFailedEvent.class)
			.stream()
			.filter((event) -> event.getFailure() == failure)
			.count();
	}

}
