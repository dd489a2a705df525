package dev.p2p.test.sample;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.StreamResult;
import dev.p2p.test.Received;
import dev.p2p.test.TestPeer;
import dev.p2p.test.TestPeers;
import dev.p2p.test.autoconfigure.LocalP2pPort;
import dev.p2p.test.autoconfigure.P2pTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @P2pTest} starts the node with the application's listeners only, on an ephemeral
 * loopback port, and {@link TestPeer} drives it.
 */
@P2pTest
class P2pTestSliceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	PeerNode node;

	@Autowired
	TestPeers testPeers;

	@Autowired
	EchoListener listener;

	@LocalP2pPort
	int port;

	@Test
	void startsOnlyTheNodeAndTheListenersOnAnEphemeralLoopbackPort() {
		assertThat(this.context.getBeanNamesForType(UnrelatedService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(EchoListener.class)).hasSize(1);
		assertThat(this.port).isPositive().isNotEqualTo(5001).isEqualTo(this.node.getBoundPort());
		assertThat(this.node.getBoundAddress().getAddress().isLoopbackAddress()).isTrue();
		assertThat(this.context.getEnvironment().getProperty("p2p.discovery.enabled")).isEqualTo("false");
	}

	@Test
	void aPacketIsAnsweredWithAPacket() {
		try (TestPeer peer = this.testPeers.connect("tester")) {
			peer.send(EchoType.ECHO, "hello");
			Received<String> back = peer.expect(EchoType.ECHO_BACK, String.class).within(Duration.ofSeconds(5));
			assertThat(back.payload()).isEqualTo("HELLO");
			assertThat(back.from()).isEqualTo(this.node.getNodeId());
			assertThat(peer.events(PeerConnectedEvent.class)).hasSize(1);
		}
	}

	@Test
	void aRequestGetsItsReply() {
		try (TestPeer peer = this.testPeers.connect()) {
			Pong pong = peer.request(EchoType.PING, new Ping("p1"), Pong.class);
			assertThat(pong).isEqualTo(new Pong("p1", peer.getNodeId()));
			assertThat(this.listener.pings).contains("p1");
		}
	}

	@Test
	void expectationsTakePacketsInOrderAndCanMatch() {
		try (TestPeer peer = this.testPeers.connect()) {
			for (String text : new String[] { "a", "b", "c" }) {
				peer.send(EchoType.ECHO, text);
			}
			assertThat(peer.expect(EchoType.ECHO_BACK, String.class).matching("C"::equals).payload()).isEqualTo("C");
			assertThat(peer.expect(EchoType.ECHO_BACK, String.class).payload()).isEqualTo("A");
			assertThat(peer.expect(EchoType.ECHO_BACK, String.class).payload()).isEqualTo("B");
			peer.expectNothing(EchoType.ECHO_BACK, Duration.ofMillis(100));
			assertThat(peer.received(EchoType.ECHO_BACK, String.class)).extracting(Received::payload)
				.containsExactly("A", "B", "C");
		}
	}

	@Test
	void aMissingPacketFailsWithWhatArrived() {
		try (TestPeer peer = this.testPeers.connect()) {
			peer.send(EchoType.ECHO, "x");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> peer.expect(EchoType.PONG, Object.class).within(Duration.ofMillis(300)))
				.withMessageContaining("Expected a PONG packet")
				.withMessageContaining("ECHO_BACK");
		}
	}

	@Test
	void aTestPeerFromAnotherNetworkIsRefused() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.testPeers.connect(TestPeer.builder().property("p2p.network-id", "elsewhere")))
			.withMessageContaining("could not connect")
			.withMessageContaining("network");
	}

	@Test
	void aStreamReachesTheListener() {
		try (TestPeer peer = this.testPeers.connect()) {
			StreamResult result = peer.stream(EchoType.FILE, new ByteArrayInputStream(new byte[100_000]));
			assertThat(result.bytes()).isEqualTo(100_000);
			await().until(() -> this.listener.files.contains("100000"));
		}
	}

	@Test
	void aTestPeerAnswersTheApplicationsRequests() throws Exception {
		try (TestPeer peer = this.testPeers.connect("scripted")) {
			peer.answer(EchoType.WHO, String.class, (question) -> PacketReply.of(EchoType.WHO, "I am scripted"));
			PacketOperations<EchoType> packets = packets(this.context);
			String answer = packets.request("scripted", EchoType.WHO, "who are you?", String.class)
				.get();
			assertThat(answer).isEqualTo("I am scripted");
		}
	}

	/** The application's {@code PacketOperations<EchoType>}, looked up by its generic type. */
	private static PacketOperations<EchoType> packets(org.springframework.beans.factory.BeanFactory context) {
		return context.<PacketOperations<EchoType>>getBeanProvider(org.springframework.core.ResolvableType
			.forClassWithGenerics(PacketOperations.class, EchoType.class)).getObject();
	}

}
