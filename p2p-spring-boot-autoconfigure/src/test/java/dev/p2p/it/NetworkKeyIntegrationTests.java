package dev.p2p.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.p2p.autoconfigure.P2pProperties;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.HandshakeProof;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The network key ({@code p2p.security.network-key}) between real Boot contexts on loopback:
 * peers with the key connect; peers without it, or with another one, never reach a session,
 * an event of a connected peer or a listener; the key never travels.
 */
class NetworkKeyIntegrationTests {

	private static final String KEY = "correct horse battery staple 42";

	private static final String OTHER_KEY = "a different secret of the same length";

	@Test
	void peersWithTheSameKeyConnectAndExchangePackets() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				TestPeer bob = TestPeer.start("bob", "p2p.security.network-key=" + KEY, "p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob") && bob.isConnectedTo("alice"));
			for (long i = 0; i < 100; i++) {
				bob.packets.send("alice", TestPacketType.SEQ, ByteBuffer.allocate(8).putLong(i).array());
			}
			await().until(() -> alice.recorder.sequenceCount.get() == 100);
			assertThat(alice.recorder.outOfOrder.get()).isZero();
			assertThat(handshakes(alice, "success")).isEqualTo(1);
		}
	}

	@Test
	void peerWithoutTheKeyIsDeniedAndNeverConnects() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				TestPeer mallory = TestPeer.start("mallory", "p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty()
					&& !mallory.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent atAlice = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atAlice.getFailure()).isEqualTo(HandshakeFailure.UNAUTHENTICATED);
			assertThat(atAlice.getDetail()).contains("requires the network key");
			PeerHandshakeFailedEvent atMallory = mallory.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atMallory.getFailure()).isEqualTo(HandshakeFailure.DENIED_BY_PEER);
			assertThat(atMallory.getDetail()).contains("requires the network key");
			assertThat(handshakes(alice, "unauthenticated")).isGreaterThanOrEqualTo(1);
			assertNeverConnected(alice, mallory);
		}
	}

	@Test
	void peerWithAnotherKeyFailsOnBothSides() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				TestPeer mallory = TestPeer.start("mallory", "p2p.security.network-key=" + OTHER_KEY,
						"p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty()
					&& !mallory.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent atMallory = mallory.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atMallory.getFailure()).isEqualTo(HandshakeFailure.UNAUTHENTICATED);
			assertThat(atMallory.getDetail()).contains("does not hold this network's key");
			PeerHandshakeFailedEvent atAlice = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atAlice.getFailure()).isEqualTo(HandshakeFailure.UNAUTHENTICATED);
			assertThat(atAlice.getNodeId()).isEqualTo("mallory");
			assertThat(handshakes(alice, "unauthenticated")).isGreaterThanOrEqualTo(1);
			assertThat(handshakes(mallory, "unauthenticated")).isGreaterThanOrEqualTo(1);
			assertNeverConnected(alice, mallory);
		}
	}

	@Test
	void dialerWithAKeyRefusesAListenerThatAcceptsWithoutProvingIt() {
		try (TestPeer open = TestPeer.start("open");
				TestPeer careful = TestPeer.start("careful", "p2p.security.network-key=" + KEY,
						"p2p.peers=" + open.address())) {
			await().until(() -> !careful.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent failed = careful.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(failed.getFailure()).isEqualTo(HandshakeFailure.UNAUTHENTICATED);
			assertThat(failed.getDetail()).contains("without proving the network key");
			assertThat(careful.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void handshakeFollowsTheDocumentedLayoutAndTheKeyNeverTravels() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				RawPeer raw = new RawPeer(alice.port())) {
			NetworkKey key = NetworkKey.of(KEY);
			byte[] nonce = NetworkKey.nonce();
			raw.send(ControlCode.HELLO, new HandshakeCodec().writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
					"raw", UUID.randomUUID().toString(), "default", null, 0, "json"), nonce));
			Frame challenge = raw.receive();
			assertThat(challenge.type()).isEqualTo(ControlCode.CHALLENGE);
			assertThat(new String(challenge.payload(), StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
			JsonNode json = JsonMapper.builder().build().readTree(challenge.payload());
			assertThat(json.get("nodeId").asString()).isEqualTo("alice");
			byte[] listenerNonce = Base64.getDecoder().decode(json.get("nonce").asString());
			HandshakeProof transcript = new HandshakeProof(nonce, listenerNonce, "raw", "alice", "default");
			assertThat(transcript.verifyListener(key, Base64.getDecoder().decode(json.get("proof").asString()))).isTrue();
			raw.send(ControlCode.PROOF, JsonMapper.builder()
				.build()
				.writeValueAsBytes(Map.of("proof", Base64.getEncoder().encodeToString(transcript.dialer(key)))));
			Frame accept = raw.receive();
			assertThat(accept.type()).isEqualTo(ControlCode.ACCEPT);
			await().until(() -> alice.isConnectedTo("raw"));
		}
	}

	@Test
	void replayedOrForgedProofIsDenied() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				RawPeer raw = new RawPeer(alice.port())) {
			raw.send(ControlCode.HELLO, new HandshakeCodec().writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
					"raw", UUID.randomUUID().toString(), "default", null, 0, "json"), NetworkKey.nonce()));
			assertThat(raw.receive().type()).isEqualTo(ControlCode.CHALLENGE);
			raw.send(ControlCode.PROOF, ("{\"proof\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}")
				.getBytes(StandardCharsets.UTF_8));
			Frame deny = raw.receive();
			assertThat(deny.type()).isEqualTo(ControlCode.DENY);
			assertThat(new HandshakeCodec().readReason(deny.payload())).contains("network key proof failed");
			assertThat(raw.closedByPeer()).isTrue();
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(alice.recorder.events(PeerHandshakeFailedEvent.class).get(0).getFailure())
				.isEqualTo(HandshakeFailure.UNAUTHENTICATED);
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void applicationFrameBeforeTheProofClosesTheConnection() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY);
				RawPeer raw = new RawPeer(alice.port())) {
			raw.send(ControlCode.HELLO, new HandshakeCodec().writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
					"raw", UUID.randomUUID().toString(), "default", null, 0, "json"), NetworkKey.nonce()));
			assertThat(raw.receive().type()).isEqualTo(ControlCode.CHALLENGE);
			raw.send(TestPacketType.TEXT.code(), "sneaky".getBytes(StandardCharsets.UTF_8));
			assertThat(raw.closedByPeer()).isTrue();
			assertThat(alice.recorder.texts).isEmpty();
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void allowListOfNodeIdsAdmitsOnlyThoseNodes() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY,
				"p2p.security.allowed-peers=bob");
				TestPeer bob = TestPeer.start("bob", "p2p.security.network-key=" + KEY, "p2p.peers=" + alice.address());
				TestPeer carol = TestPeer.start("carol", "p2p.security.network-key=" + KEY,
						"p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob")
					&& !carol.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent atAlice = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atAlice.getFailure()).isEqualTo(HandshakeFailure.NOT_ALLOWED);
			assertThat(atAlice.getDetail()).contains("node 'carol' is not in the allowed peers");
			assertThat(carol.recorder.events(PeerHandshakeFailedEvent.class).get(0).getDetail())
				.contains("not in the allowed peers");
			assertThat(alice.isConnectedTo("carol")).isFalse();
			assertThat(handshakes(alice, "not-allowed")).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void keyIsHiddenInProperties() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.security.network-key=" + KEY)) {
			dev.p2p.autoconfigure.P2pProperties properties = alice.context
				.getBean(dev.p2p.autoconfigure.P2pProperties.class);
			assertThat(properties.getSecurity().toString()).doesNotContain(KEY).contains("hidden");
			assertThat(alice.node.toString()).doesNotContain(KEY);
			assertThat(NetworkKey.of(KEY).toString()).doesNotContain(KEY);
		}
	}

	private static void assertNeverConnected(TestPeer... peers) {
		for (TestPeer peer : peers) {
			assertThat(peer.recorder.events(PeerConnectedEvent.class)).isEmpty();
			assertThat(peer.node.getSessions()).isEmpty();
		}
	}

	private static double handshakes(TestPeer peer, String outcome) {
		MeterRegistry registry = peer.context.getBean(MeterRegistry.class);
		return registry.get(MicrometerPeerMetrics.HANDSHAKES).tag("outcome", outcome).counter().count();
	}


}
