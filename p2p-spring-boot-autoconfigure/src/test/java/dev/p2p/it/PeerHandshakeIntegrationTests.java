package dev.p2p.it;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.event.PeerServerStartedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.HandshakeInterceptor;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Handshakes between real Boot contexts on loopback: accept, deny, time out, duplicates.
 */
class PeerHandshakeIntegrationTests {

	@Test
	void dialledPeerIsAcceptedAndBothSidesPublishConnectedAfterAccept() {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob") && bob.isConnectedTo("alice"));
			PeerSession atAlice = alice.session("bob");
			PeerSession atBob = bob.session("alice");
			assertThat(atAlice.getDirection()).isEqualTo(Direction.INBOUND);
			assertThat(atBob.getDirection()).isEqualTo(Direction.OUTBOUND);
			assertThat(atBob.getListenAddress()).isEqualTo(new PeerAddress("127.0.0.1", alice.port()));
			assertThat(atAlice.getListenAddress()).isEqualTo(new PeerAddress("127.0.0.1", bob.port()));
			assertThat(atAlice.getRemoteAddress()).isEqualTo(atBob.getLocalAddress());
			assertThat(alice.recorder.events(PeerServerStartedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getPort()).isEqualTo(alice.port()));
			await().until(() -> alice.recorder.events(PeerConnectedEvent.class).size() == 1
					&& bob.recorder.events(PeerConnectedEvent.class).size() == 1);
			assertThat(alice.recorder.events(PeerConnectedEvent.class).get(0).getNodeId()).isEqualTo("bob");
		}
	}

	@Test
	void peerOfAnotherNetworkIsDeniedOnBothSides() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.network-id=lab");
				TestPeer mallory = TestPeer.start("mallory", "p2p.network-id=other",
						"p2p.peers=127.0.0.1:" + alice.port())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty()
					&& !mallory.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent atAlice = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atAlice.getFailure()).isEqualTo(HandshakeFailure.DENIED_LOCALLY);
			assertThat(atAlice.getNodeId()).isEqualTo("mallory");
			assertThat(atAlice.getDetail()).contains("'other'").contains("'lab'");
			PeerHandshakeFailedEvent atMallory = mallory.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atMallory.getFailure()).isEqualTo(HandshakeFailure.DENIED_BY_PEER);
			assertThat(atMallory.getDetail()).contains("network id");
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
			assertThat(mallory.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void handshakeInterceptorBeanCanDenyWithItsOwnReason() {
		try (TestPeer alice = TestPeer.start("alice", new Class<?>[] { RobotsOnly.class });
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address());
				TestPeer robot = TestPeer.start("robot-1", "p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("robot-1"));
			await().until(() -> !bob.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(bob.recorder.events(PeerHandshakeFailedEvent.class).get(0).getDetail()).contains("robots only");
			assertThat(alice.isConnectedTo("bob")).isFalse();
		}
	}

	@Test
	void stalledHandshakeIsClosedAtTheTimeoutWhileOthersStillConnect() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.handshake.timeout=300ms");
				RawPeer silent = new RawPeer(alice.port()); RawPeer halfHello = new RawPeer(alice.port())) {
			halfHello.sendRaw(new byte[] { 1, (byte) 0xFF, (byte) 0xFF });
			try (TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
				await().until(() -> alice.isConnectedTo("bob"));
			}
			assertThat(silent.closedByPeer()).isTrue();
			assertThat(halfHello.closedByPeer()).isTrue();
			await().until(() -> alice.recorder.events(PeerHandshakeFailedEvent.class)
				.stream()
				.filter((event) -> event.getFailure() == HandshakeFailure.TIMEOUT)
				.count() == 2);
			assertThat(alice.recorder.events(PeerHandshakeFailedEvent.class)).allSatisfy(
					(event) -> assertThat(event.getDetail()).contains("no complete HELLO within 300 ms"));
		}
	}

	@Test
	void malformedHelloIsDeniedAndCounted() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer raw = new RawPeer(alice.port())) {
			raw.send(ControlCode.HELLO, "{not json".getBytes());
			Frame deny = raw.receive();
			assertThat(deny.type()).isEqualTo(ControlCode.DENY);
			assertThat(new HandshakeCodec().readReason(deny.payload())).startsWith("malformed HELLO");
			assertThat(raw.closedByPeer()).isTrue();
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(alice.recorder.events(PeerHandshakeFailedEvent.class).get(0).getFailure())
				.isEqualTo(HandshakeFailure.MALFORMED);
		}
	}

	@Test
	void applicationFrameBeforeHandshakeIsRejectedAndClosesTheConnection() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer raw = new RawPeer(alice.port())) {
			raw.send(TestPacketType.TEXT.code(), "too early".getBytes());
			assertThat(raw.closedByPeer()).isTrue();
			await().until(() -> alice.recorder.events(PacketRejectedEvent.class)
				.stream()
				.anyMatch((event) -> event.getReason() == RejectionReason.BEFORE_HANDSHAKE));
			assertThat(alice.recorder.texts).isEmpty();
		}
	}

	@Test
	void sameNodeConnectingTwiceKeepsTheNewerSession() throws Exception {
		// a node dials again only once its old session is dead or closing on its side (its BYE
		// may not have been read yet), so the newer connection wins and the old one is closed
		try (TestPeer alice = TestPeer.start("alice"); RawPeer first = new RawPeer(alice.port());
				RawPeer second = new RawPeer(alice.port())) {
			first.hello("twin", "instance-1", "default");
			assertThat(first.receive().type()).isEqualTo(ControlCode.ACCEPT);
			second.hello("twin", "instance-1", "default");
			assertThat(second.receive().type()).isEqualTo(ControlCode.ACCEPT);
			assertThat(first.receive().type()).isEqualTo(ControlCode.BYE);
			await().until(() -> alice.recorder.events(PeerDisconnectedEvent.class)
				.stream()
				.anyMatch((event) -> event.getReason() == DisconnectReason.DUPLICATE));
			assertThat(alice.node.getSessions()).singleElement()
				.satisfies((session) -> assertThat(session.getRemoteAddress().getPort())
					.isEqualTo(second.socket.getLocalPort()));
		}
	}

	@Test
	void helloFollowedByAResetLeavesNoSessionBehindAndTheNodeCanConnectAgain() throws Exception {
		try (TestPeer alice = TestPeer.start("alice")) {
			for (int i = 0; i < 20; i++) {
				RawPeer ghost = new RawPeer(alice.port());
				ghost.hello("ghost", "run-1", "default");
				ghost.reset();
			}
			await().until(() -> !alice.isConnectedTo("ghost") && alice.node.getSessions().isEmpty());
			// every session that was announced is also announced gone
			await().until(() -> alice.recorder.events(PeerConnectedEvent.class).size() == alice.recorder
				.events(PeerDisconnectedEvent.class)
				.size());
			try (RawPeer again = new RawPeer(alice.port())) {
				again.hello("ghost", "run-1", "default");
				assertThat(again.receive().type()).isEqualTo(ControlCode.ACCEPT);
				await().until(() -> alice.isConnectedTo("ghost"));
			}
		}
	}

	@Test
	void restartedNodeReplacesItsOldSession() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer before = new RawPeer(alice.port());
				RawPeer after = new RawPeer(alice.port())) {
			before.hello("phoenix", "run-1", "default");
			assertThat(before.receive().type()).isEqualTo(ControlCode.ACCEPT);
			after.hello("phoenix", "run-2", "default");
			assertThat(after.receive().type()).isEqualTo(ControlCode.ACCEPT);
			Frame bye = before.receive();
			assertThat(bye.type()).isEqualTo(ControlCode.BYE);
			await().until(() -> alice.session("phoenix").getRemoteAddress().getPort() == after.socket.getLocalPort());
			await().until(() -> alice.recorder.events(PeerDisconnectedEvent.class)
				.stream()
				.anyMatch((event) -> event.getReason() == DisconnectReason.DUPLICATE));
		}
	}

	@Test
	void twoNodesDiallingEachOtherEndWithExactlyOneSessionPerPair() throws Exception {
		try (TestPeer a = TestPeer.start("node-a"); TestPeer b = TestPeer.start("node-b")) {
			for (int round = 0; round < 10; round++) {
				CountDownLatch go = new CountDownLatch(1);
				CompletableFuture<PeerSession> aDials = CompletableFuture.supplyAsync(() -> dialWhen(go, a, b));
				CompletableFuture<PeerSession> bDials = CompletableFuture.supplyAsync(() -> dialWhen(go, b, a));
				go.countDown();
				assertThat(aDials.get(10, TimeUnit.SECONDS).getNodeId()).isEqualTo("node-b");
				assertThat(bDials.get(10, TimeUnit.SECONDS).getNodeId()).isEqualTo("node-a");
				await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnectedTo("node-b") && b.isConnectedTo("node-a")
						&& a.session("node-b").getLocalAddress().equals(b.session("node-a").getRemoteAddress()));
				assertThat(a.node.getSessions()).hasSize(1);
				assertThat(b.node.getSessions()).hasSize(1);
				a.packets.send("node-b", TestPacketType.TEXT, "round " + round);
				int expected = round;
				await().until(() -> b.recorder.texts.stream().anyMatch((text) -> text.startsWith("round " + expected + "|")));
				a.node.disconnect("node-b");
				await().until(() -> !a.isConnectedTo("node-b") && !b.isConnectedTo("node-a"));
			}
		}
	}

	private static PeerSession dialWhen(CountDownLatch go, TestPeer from, TestPeer to) {
		try {
			go.await();
			return from.node.connect(new PeerAddress("127.0.0.1", to.port())).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void connectReturnsTheSessionAndTheExistingOneWhenAlreadyConnected() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob")) {
			PeerSession session = bob.node.connect(new PeerAddress("127.0.0.1", alice.port()))
				.get(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(session.getNodeId()).isEqualTo("alice");
			PeerSession again = alice.node.connect(new PeerAddress("127.0.0.1", bob.port()))
				.get(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(again.getNodeId()).isEqualTo("bob");
			assertThat(alice.node.getSessions()).hasSize(1);
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> bob.node.connect(new PeerAddress("127.0.0.1", FreePorts.find()))
					.get(5, java.util.concurrent.TimeUnit.SECONDS))
				.withMessageContaining("Connection refused");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class RobotsOnly {

		@Bean
		HandshakeInterceptor robotsOnly() {
			return (offer) -> offer.nodeId().startsWith("robot-") ? HandshakeDecision.accept()
					: HandshakeDecision.deny("robots only");
		}

	}

}
