package dev.p2p.it;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.p2p.autoconfigure.actuate.P2pEndpoint;
import dev.p2p.autoconfigure.actuate.P2pEndpoint.PeerDescriptor;
import dev.p2p.autoconfigure.actuate.P2pEndpointWebExtension;

import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RelayRefusedEvent;
import dev.p2p.it.TestPeerApplication.Ack;
import dev.p2p.it.TestPeerApplication.Move;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.peer.StreamResult;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.relay.PeerRelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on loopback: a relay, a node with a reservation on it, and a node that reaches
 * that one by node id through the relay. The relayed session is an ordinary session inside a
 * circuit; the relay refuses what is beyond its limits and keeps serving its own peers.
 */
class RelayIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** These tests are about relayed sessions: no hole punch may move them to a direct connection. */
	private static final String NO_HOLE_PUNCHING = "p2p.nat.hole-punching=false";

	private static TestPeer relay(String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "p2p.relay.enabled=true";
		all[1] = NO_HOLE_PUNCHING;
		System.arraycopy(properties, 0, all, 2, properties.length);
		return TestPeer.start("relay", all);
	}

	private static TestPeer behind(String nodeId, TestPeer relay) {
		return TestPeer.start(nodeId, NO_HOLE_PUNCHING, "p2p.relay.peers=" + relay.address());
	}

	private static void awaitReservation(TestPeer relay, String... nodeIds) {
		await().atMost(WAIT)
			.until(() -> relay.context.getBean(PeerRelay.class).getReservedNodes().containsAll(List.of(nodeIds)));
	}

	@Test
	void aNodeHoldsAReservationOnItsRelay() {
		try (TestPeer relay = relay(); TestPeer alice = behind("alice", relay)) {
			awaitReservation(relay, "alice");
			await().atMost(WAIT)
				.until(() -> alice.context.getBean(PeerRelay.class).getReservations().equals(List.of("relay")));
			// RESERVE_OK told alice where the relay sees her: her end of the hop connection
			assertThat(alice.context.getBean(PeerRelay.class).getReservationAddresses())
				.containsExactly(Map.entry("relay", alice.session("relay").getLocalAddress()));
			assertThat(alice.session("relay").path()).isEqualTo(SessionPath.DIRECT);
			assertThat(alice.session("relay").relay()).isNull();
		}
	}

	@Test
	void aNodeThatDoesNotRelayRefusesReservations() {
		try (TestPeer plain = TestPeer.start("relay", NO_HOLE_PUNCHING); TestPeer alice = behind("alice", plain)) {
			await().atMost(WAIT)
				.until(() -> alice.recorder.events(RelayRefusedEvent.class)
					.stream()
					.anyMatch((event) -> event.getReason() == RelayReason.RELAY_DISABLED && !event.isLocal()));
			assertThat(plain.recorder.events(RelayRefusedEvent.class)).anyMatch(RelayRefusedEvent::isLocal);
			assertThat(alice.isConnectedTo("relay")).as("the session with the relay stays").isTrue();
		}
	}

	@Test
	void aRelayedSessionCarriesPacketsRequestsAndStreamsBothWays() throws Exception {
		try (TestPeer relay = relay(); TestPeer alice = behind("alice", relay); TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			PeerSession session = bob.packets.connect("alice").get(20, TimeUnit.SECONDS);
			assertThat(session.getNodeId()).isEqualTo("alice");
			assertThat(session.path()).isEqualTo(SessionPath.RELAYED);
			assertThat(session.relay()).isEqualTo("relay");
			await().atMost(WAIT).until(() -> alice.isConnectedTo("bob"));
			assertThat(alice.session("bob").path()).isEqualTo(SessionPath.RELAYED);
			assertThat(alice.recorder.events(PeerConnectedEvent.class))
				.anyMatch((event) -> event.getNodeId().equals("bob") && event.getPath() == SessionPath.RELAYED);

			bob.packets.send("alice", TestPacketType.TEXT, "hello through the relay");
			alice.packets.send("bob", TestPacketType.TEXT, "hello back");
			await().atMost(WAIT).until(() -> alice.recorder.texts.contains("hello through the relay|23"));
			await().atMost(WAIT).until(() -> bob.recorder.texts.contains("hello back|10"));

			Ack ack = bob.packets.request("alice", TestPacketType.MOVE, new Move("x", 7), Ack.class)
				.get(10, TimeUnit.SECONDS);
			assertThat(ack).isEqualTo(new Ack("bob", 7));
			Ack back = alice.packets.request("bob", TestPacketType.MOVE, new Move("y", 3), Ack.class)
				.get(10, TimeUnit.SECONDS);
			assertThat(back).isEqualTo(new Ack("alice", 3));

			byte[] toAlice = random(3 * 1024 * 1024 + 17, 1);
			byte[] toBob = random(1024 * 1024 + 5, 2);
			StreamResult sentToAlice = bob.packets.stream("alice", TestPacketType.BLOB, new ByteArrayInputStream(toAlice))
				.get(60, TimeUnit.SECONDS);
			StreamResult sentToBob = alice.packets.stream("bob", TestPacketType.BLOB, new ByteArrayInputStream(toBob))
				.get(60, TimeUnit.SECONDS);
			assertThat(sentToAlice.bytes()).isEqualTo(toAlice.length);
			assertThat(sentToBob.bytes()).isEqualTo(toBob.length);
			await().atMost(WAIT).until(() -> alice.recorder.streams.stream().anyMatch((s) -> s.sha256().equals(sha256(toAlice))));
			await().atMost(WAIT).until(() -> bob.recorder.streams.stream().anyMatch((s) -> s.sha256().equals(sha256(toBob))));
			assertThat(relay.context.getBean(PeerRelay.class).getRelayedCircuits()).isEqualTo(1);
		}
	}

	@Test
	void peerExchangeReachesANodeWhoseAddressDoesNotAnswerThroughTheRelay() {
		// alice advertises an address nothing listens on (as a node behind a NAT would: its router's)
		try (TestPeer relay = relay();
				TestPeer alice = TestPeer.start("alice", NO_HOLE_PUNCHING, "p2p.relay.peers=" + relay.address(),
						"p2p.server.advertised-host=127.0.0.2");
				TestPeer bob = TestPeer.start("bob", NO_HOLE_PUNCHING, "p2p.relay.peers=" + relay.address(),
						"p2p.discovery.peer-exchange=true", "p2p.discovery.peer-exchange-interval=300ms")) {
			awaitReservation(relay, "alice");
			await().atMost(WAIT).until(() -> bob.isConnectedTo("alice"));
			assertThat(bob.session("alice").path()).isEqualTo(SessionPath.RELAYED);
			assertThat(bob.session("alice").relay()).isEqualTo("relay");
		}
	}

	@Test
	void theActuatorConnectsByNodeIdAndShowsThePath() {
		try (TestPeer relay = relay(); TestPeer alice = behind("alice", relay); TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			P2pEndpoint endpoint = new P2pEndpoint(bob.node, Duration.ofSeconds(20));
			PeerDescriptor peer = endpoint.connect(null, "alice");
			assertThat(peer.nodeId()).isEqualTo("alice");
			assertThat(peer.path()).isEqualTo("relayed");
			assertThat(peer.relay()).isEqualTo("relay");
			assertThat(endpoint.node().peers())
				.anyMatch((descriptor) -> descriptor.nodeId().equals("relay") && descriptor.path().equals("direct")
						&& descriptor.relay() == null);
			WebEndpointResponse<?> neither = new P2pEndpointWebExtension(endpoint).connect(null, null);
			assertThat(neither.getStatus()).isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
			WebEndpointResponse<?> unknown = new P2pEndpointWebExtension(endpoint).connect(null, "nobody");
			assertThat(unknown.getStatus()).isEqualTo(502);
		}
	}

	@Test
	void aNodeWithoutReservationCannotBeReached() {
		try (TestPeer relay = relay(); TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "bob");
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> bob.packets.connect("nobody").get(20, TimeUnit.SECONDS))
				.withCauseInstanceOf(PeerNotConnectedException.class)
				.withMessageContaining("no-reservation");
			assertThat(relay.recorder.events(RelayRefusedEvent.class))
				.anyMatch((event) -> event.getReason() == RelayReason.NO_RESERVATION && event.isLocal()
						&& "bob".equals(event.getPeerNodeId()));
			assertThat(bob.recorder.events(RelayRefusedEvent.class))
				.anyMatch((event) -> event.getReason() == RelayReason.NO_RESERVATION && !event.isLocal());
			assertThat(bob.isConnectedTo("relay")).isTrue();
		}
	}

	@Test
	void aNodeThatKnowsNoRelayCannotConnectById() {
		try (TestPeer bob = TestPeer.start("bob", NO_HOLE_PUNCHING)) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> bob.packets.connect("alice").get(5, TimeUnit.SECONDS))
				.withMessageContaining("p2p.relay.peers");
		}
	}

	@Test
	void aRelayAtItsTotalLimitRefusesCircuitsAndKeepsServingItsPeers() {
		try (TestPeer relay = relay("p2p.relay.max-circuits=0"); TestPeer alice = behind("alice", relay);
				TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> bob.packets.connect("alice").get(20, TimeUnit.SECONDS))
				.withMessageContaining("total-limit");
			assertThat(relay.recorder.events(RelayRefusedEvent.class))
				.anyMatch((event) -> event.getReason() == RelayReason.TOTAL_LIMIT);
			relay.packets.send("alice", TestPacketType.TEXT, "still here");
			await().atMost(WAIT).until(() -> alice.recorder.texts.contains("still here|10"));
		}
	}

	@Test
	void aRelayAtItsPerNodeLimitRefusesFurtherCircuitsOfThatNode() throws Exception {
		try (TestPeer relay = relay("p2p.relay.max-circuits-per-node=1"); TestPeer alice = behind("alice", relay);
				TestPeer bob = behind("bob", relay); TestPeer carol = behind("carol", relay)) {
			awaitReservation(relay, "alice", "bob", "carol");
			bob.packets.connect("alice").get(20, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> carol.packets.connect("alice").get(20, TimeUnit.SECONDS))
				.withMessageContaining("per-node-limit");
			relay.packets.send("carol", TestPacketType.TEXT, "served");
			await().atMost(WAIT).until(() -> carol.recorder.texts.contains("served|6"));
			bob.packets.send("alice", TestPacketType.TEXT, "relayed");
			await().atMost(WAIT).until(() -> alice.recorder.texts.contains("relayed|7"));
		}
	}

	@Test
	void aCircuitBeyondItsByteLimitIsClosedWithTheReason() throws Exception {
		try (TestPeer relay = relay("p2p.relay.max-circuit-bytes=256KB"); TestPeer alice = behind("alice", relay);
				TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			bob.packets.connect("alice").get(20, TimeUnit.SECONDS);
			bob.packets.stream("alice", TestPacketType.BLOB, new ByteArrayInputStream(random(1024 * 1024, 3)));
			await().atMost(WAIT)
				.until(() -> bob.recorder.events(PeerDisconnectedEvent.class)
					.stream()
					.anyMatch((event) -> event.getNodeId().equals("alice") && event.getDetail().contains("data-limit")));
			assertThat(bob.isConnectedTo("relay")).isTrue();
		}
	}

	@Test
	void aCircuitThatLastsTooLongIsClosedWithTheReason() throws Exception {
		try (TestPeer relay = relay("p2p.relay.max-circuit-duration=1s"); TestPeer alice = behind("alice", relay);
				TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			bob.packets.connect("alice").get(20, TimeUnit.SECONDS);
			await().atMost(WAIT)
				.until(() -> alice.recorder.events(PeerDisconnectedEvent.class)
					.stream()
					.anyMatch((event) -> event.getNodeId().equals("bob") && event.getDetail().contains("duration-limit")));
		}
	}

	@Test
	void aFrameForACircuitNeverSetUpIsDroppedAndReported() {
		try (TestPeer relay = relay(); TestPeer alice = behind("alice", relay); TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			PeerSession toRelay = bob.session("relay");
			assertThat(bob.node.sender().sendNow(toRelay, RelayFrames.data(777, new byte[] { 1, 2, 3 }, 0, 3))).isTrue();
			await().atMost(WAIT)
				.until(() -> relay.recorder.events(RelayRefusedEvent.class)
					.stream()
					.anyMatch((event) -> event.getReason() == RelayReason.MALFORMED && event.getCircuitId() == 777
							&& event.getDetail().contains("never set up")));
			assertThat(bob.isConnectedTo("relay")).isTrue();
			assertThat(alice.recorder.events(RelayRefusedEvent.class)).isEmpty();
			relay.packets.send("bob", TestPacketType.TEXT, "still served");
			await().atMost(WAIT).until(() -> bob.recorder.texts.contains("still served|12"));
		}
	}

	@Test
	void whenTheRelayStopsTheRelayedSessionEndsWithAClearReason() throws Exception {
		try (TestPeer relay = relay(); TestPeer alice = behind("alice", relay); TestPeer bob = behind("bob", relay)) {
			awaitReservation(relay, "alice", "bob");
			bob.packets.connect("alice").get(20, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> alice.isConnectedTo("bob"));
			relay.node.stop();
			await().atMost(WAIT)
				.until(() -> alice.recorder.events(PeerDisconnectedEvent.class)
					.stream()
					.anyMatch((event) -> event.getNodeId().equals("bob") && event.getDetail().contains("relay")));
			PeerDisconnectedEvent ended = bob.recorder.events(PeerDisconnectedEvent.class)
				.stream()
				.filter((event) -> event.getNodeId().equals("alice"))
				.findFirst()
				.orElseThrow();
			assertThat(ended.getDetail()).contains("relay");
		}
	}

	private static byte[] random(int size, long seed) {
		byte[] data = new byte[size];
		new Random(seed).nextBytes(data);
		return data;
	}

	private static String sha256(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
