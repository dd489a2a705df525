package dev.p2p.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.peerpy.PeerpyNode;
import dev.p2p.compat.peerpy.PeerpySession;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.HandshakeInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The peerpy profile on real loopback sockets, driven by {@link PeerpyTestPeer} (peerpy's bytes
 * as the wire-facts document records them): json and bytes both ways, listener replies and
 * {@code PacketOperations.send} to a peerpy peer, the node dialling a peerpy peer, and every
 * refusal with its event, metric and a reset.
 */
class PeerpyProfileIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void jsonAndBytesPeersGetTheirValuesBackAndAreSessionsOfTheNode() throws Exception {
		try (TestPeer node = start("p2p.codec.types.ECHO=json");
				PeerpyTestPeer json = PeerpyTestPeer.dial(port(node), "127.0.0.1:40001", "json", "")) {
			assertThat(json.accepted()).isTrue();
			json.sendJson("{\"hello\": \"w\\u00f6rld\", \"n\": [1, 2.5]}");
			JsonNode echoed = this.mapper.readTree(json.receive(WAIT)).get("data");
			assertThat(echoed.get("hello").asString()).isEqualTo("wörld");
			assertThat(echoed.get("n").get(1).asDouble()).isEqualTo(2.5);

			assertThat(node.isConnectedTo("127.0.0.1:40001")).isTrue();
			assertThat(node.session("127.0.0.1:40001")).isInstanceOf(PeerpySession.class);
			assertThat(node.recorder.events(PeerConnectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getNodeId()).isEqualTo("127.0.0.1:40001"));
			assertThat(node.context.getBean(CompatTestConfiguration.Echo.class).senders).containsExactly("127.0.0.1:40001");

			node.packets.send("127.0.0.1:40001", TestPacketType.ECHO, Map.of("from", "java"));
			assertThat(new String(json.receive(WAIT), StandardCharsets.UTF_8)).isEqualTo("{\"data\": {\"from\": \"java\"}}");
			// peerpy has no request/reply, and carries one packet type only
			assertThat(node.packets.request("127.0.0.1:40001", TestPacketType.ECHO, 1, String.class))
				.failsWithin(WAIT)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> node.packets.send("127.0.0.1:40001", TestPacketType.TEXT, "not ECHO"))
				.isInstanceOf(dev.p2p.peer.PeerNotConnectedException.class)
				.hasMessageContaining("takes only ECHO");
		}
		try (TestPeer node = start("p2p.codec.types.ECHO=bytes");
				PeerpyTestPeer bytes = PeerpyTestPeer.dial(port(node), "127.0.0.1:40002", "bytes", "")) {
			assertThat(bytes.accepted()).isTrue();
			bytes.sendData("bytes", new byte[] { 0, 1, (byte) 0xFF, 'b' });
			assertThat(bytes.receive(WAIT)).containsExactly(0, 1, 0xFF, 'b');
			assertThat(node.session("127.0.0.1:40002").getPacketsIn()).isEqualTo(1);
		}
	}

	@Test
	void pingsAreIgnoredAndTheConnectionIsResetWhenTheNodeDisconnectsIt() throws Exception {
		try (TestPeer node = start("p2p.codec.types.ECHO=json");
				PeerpyTestPeer peer = PeerpyTestPeer.dial(port(node), "127.0.0.1:40003", "json", "")) {
			assertThat(peer.accepted()).isTrue();
			peer.sendPing();
			peer.sendPing();
			peer.sendJson("42");
			assertThat(new String(peer.receive(WAIT), StandardCharsets.UTF_8)).isEqualTo("{\"data\": 42}");
			assertThat(node.session("127.0.0.1:40003").getPacketsIn()).isEqualTo(1);

			assertThat(node.node.disconnect("127.0.0.1:40003")).isTrue();
			assertThat(peer.endedWithReset(WAIT)).isTrue();
			await().until(() -> !node.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			assertThat(node.recorder.events(PeerDisconnectedEvent.class).get(0).getReason())
				.isEqualTo(DisconnectReason.CLOSED_BY_APPLICATION);
		}
	}

	@Test
	void rawAndStreamOffersAreDeniedAndMalformedOrSilentOnesRefused() throws Exception {
		try (TestPeer node = start("p2p.codec.types.ECHO=json", "p2p.peerpy.hello-timeout=500ms");
				PeerpyTestPeer raw = PeerpyTestPeer.dial(port(node), "127.0.0.1:40004", "raw", "");
				PeerpyTestPeer stream = PeerpyTestPeer.dial(port(node), "127.0.0.1:40005", "bytes", "&stream=True");
				PeerpyTestPeer garbage = PeerpyTestPeer.dial(port(node), "127.0.0.1:40006", "json", "&broken");
				Socket silent = new Socket(InetAddress.getLoopbackAddress(), port(node));
				PeerpyTestPeer good = PeerpyTestPeer.dial(port(node), "127.0.0.1:40007", "json", "")) {
			assertThat(raw.accepted()).isFalse();
			assertThat(raw.endedWithReset(WAIT)).isTrue();
			assertThat(stream.accepted()).isFalse();
			assertThat(garbage.accepted()).isFalse();
			silent.setSoTimeout((int) WAIT.toMillis());
			assertThat(resetByNode(silent)).isTrue();
			assertThat(good.accepted()).isTrue();
			good.sendJson("\"still served\"");
			assertThat(new String(good.receive(WAIT), StandardCharsets.UTF_8)).isEqualTo("{\"data\": \"still served\"}");

			await().until(() -> node.recorder.events(PeerHandshakeFailedEvent.class).size() == 4);
			assertThat(node.recorder.events(PeerHandshakeFailedEvent.class)).extracting(PeerHandshakeFailedEvent::getFailure)
				.containsExactlyInAnyOrder(HandshakeFailure.DENIED_LOCALLY, HandshakeFailure.DENIED_LOCALLY,
						HandshakeFailure.MALFORMED, HandshakeFailure.TIMEOUT);
			assertThat(refusals(node)).containsExactlyInAnyOrder("peerpy/raw-refused", "peerpy/stream-refused",
					"peerpy/malformed-header", "peerpy/hello-timeout");
			assertThat(node.node.getSessions()).extracting((session) -> session.getNodeId())
				.containsExactly("127.0.0.1:40007");
		}
	}

	@Test
	void rawWrongTypeAndOversizeDataCloseOnlyTheirConnectionUnread() throws Exception {
		try (TestPeer node = start("p2p.codec.types.ECHO=json", "p2p.max-payload-size=1KB");
				PeerpyTestPeer raw = PeerpyTestPeer.dial(port(node), "127.0.0.1:40011", "json", "");
				PeerpyTestPeer wrongType = PeerpyTestPeer.dial(port(node), "127.0.0.1:40012", "json", "");
				PeerpyTestPeer oversize = PeerpyTestPeer.dial(port(node), "127.0.0.1:40013", "json", "");
				PeerpyTestPeer honest = PeerpyTestPeer.dial(port(node), "127.0.0.1:40014", "json", "")) {
			for (PeerpyTestPeer peer : List.of(raw, wrongType, oversize, honest)) {
				assertThat(peer.accepted()).isTrue();
			}
			// a pickle that would run code if it were ever loaded: the node never reads it
			raw.sendRefusedData("raw", "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.US_ASCII));
			wrongType.sendRefusedData("bytes", new byte[] { 1, 2, 3 });
			oversize.sendHeader("DATA|data_size=1000000&data_type=json");

			for (PeerpyTestPeer peer : List.of(raw, wrongType, oversize)) {
				assertThat(peer.endedWithReset(WAIT)).isTrue();
			}
			honest.sendJson("true");
			assertThat(new String(honest.receive(WAIT), StandardCharsets.UTF_8)).isEqualTo("{\"data\": true}");

			await().until(() -> node.recorder.events(PacketRejectedEvent.class).size() == 3);
			assertThat(node.recorder.events(PacketRejectedEvent.class)).extracting(PacketRejectedEvent::getReason)
				.containsExactlyInAnyOrder(RejectionReason.DECODE_ERROR, RejectionReason.DECODE_ERROR,
						RejectionReason.OVERSIZE);
			assertThat(refusals(node)).containsExactlyInAnyOrder("peerpy/raw-refused", "peerpy/unexpected-data-type",
					"peerpy/oversize");
			await().until(() -> node.recorder.events(PeerDisconnectedEvent.class).size() == 3);
			assertThat(node.recorder.events(PeerDisconnectedEvent.class))
				.allSatisfy((event) -> assertThat(event.getReason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR));
		}
	}

	@Test
	void handshakeInterceptorsDecideOnPeerpyOffers() throws Exception {
		try (TestPeer node = TestPeer.start("java-node", new Class<?>[] { CompatTestConfiguration.class, OnlyTrusted.class },
				properties("p2p.codec.types.ECHO=json"));
				PeerpyTestPeer stranger = PeerpyTestPeer.dial(port(node), "127.0.0.1:40021", "json", "");
				PeerpyTestPeer trusted = PeerpyTestPeer.dial(port(node), "127.0.0.2:40022", "json", "")) {
			assertThat(stranger.accepted()).isFalse();
			assertThat(trusted.accepted()).isTrue();
			await().until(() -> !node.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(node.recorder.events(PeerHandshakeFailedEvent.class).get(0).getDetail()).contains("not trusted");
		}
	}

	@Test
	void nodeDialsItsPeerpyPeersAndRedialsThemAfterALoss() throws Exception {
		try (ServerSocket listener = PeerpyTestPeer.listen();
				TestPeer node = start("p2p.codec.types.ECHO=bytes", "p2p.peerpy.data-type=bytes",
						"p2p.peerpy.peers=127.0.0.1:" + listener.getLocalPort())) {
			listener.setSoTimeout((int) WAIT.toMillis());
			String peerName = "127.0.0.1:" + listener.getLocalPort();
			try (PeerpyTestPeer first = PeerpyTestPeer.accept(listener, true)) {
				assertThat(first.hello()).startsWith("HELLO|peer_name=127.0.0.1:" + port(node) + "&data_type=bytes&strict=True|");
				assertThat(first.hello()).hasSize(PeerpyTestPeer.HEADER_SIZE);
				await().until(() -> node.isConnectedTo(peerName));
				first.sendData("bytes", "ping".getBytes(StandardCharsets.US_ASCII));
				assertThat(first.receive(WAIT)).asString().isEqualTo("ping");
			}
			try (PeerpyTestPeer second = PeerpyTestPeer.accept(listener, true)) {
				await().until(() -> node.isConnectedTo(peerName));
				node.packets.send(peerName, TestPacketType.ECHO, "again".getBytes(StandardCharsets.US_ASCII));
				assertThat(second.receive(WAIT)).asString().isEqualTo("again");
			}
		}
	}

	@Test
	void discoveryAnswersAPingWithItsPeerpyAddress() throws Exception {
		int discoveryPort;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			discoveryPort = probe.getLocalPort();
		}
		try (TestPeer node = start("p2p.codec.types.ECHO=json", "p2p.peerpy.discovery=true",
				"p2p.peerpy.discovery-port=" + discoveryPort);
				DatagramSocket seeker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			seeker.setSoTimeout((int) WAIT.toMillis());
			byte[] ping = header("PING|pinger=127.0.0.1:" + seeker.getLocalPort());
			byte[] garbage = header("HELLO|nonsense");
			InetSocketAddress responder = new InetSocketAddress(InetAddress.getLoopbackAddress(), discoveryPort);
			seeker.send(new DatagramPacket(garbage, garbage.length, responder));
			seeker.send(new DatagramPacket(ping, ping.length, responder));
			DatagramPacket pong = new DatagramPacket(new byte[512], 512);
			seeker.receive(pong);
			assertThat(pong.getLength()).isEqualTo(128);
			assertThat(new String(pong.getData(), 0, pong.getLength(), StandardCharsets.UTF_8))
				.isEqualTo(new String(header("PONG|ponger=127.0.0.1:" + port(node)), StandardCharsets.UTF_8));
			await().until(() -> refusals(node).contains("peerpy/bad-datagram"));
		}
	}

	@Test
	void nodeFindsPeerpyPeersByBroadcastAndPeerpySeekersFindTheNode() throws Exception {
		int discoveryPort;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			discoveryPort = probe.getLocalPort();
		}
		InetAddress loopbackBroadcast = InetAddress.getByName("127.255.255.255");
		try (TestPeer node = start("p2p.codec.types.ECHO=json", "p2p.peerpy.discovery=true",
				"p2p.peerpy.discovery-port=" + discoveryPort);
				DatagramSocket responder = new DatagramSocket(null)) {
			// a peerpy responder (bound to the wildcard with SO_REUSEADDR, as peerpy's pinger thread)
			responder.setReuseAddress(true);
			responder.bind(new InetSocketAddress(discoveryPort));
			Thread answering = new Thread(() -> answerPings(responder, "PONG|ponger=0.0.0.0:40031"));
			answering.setDaemon(true);
			answering.start();

			List<dev.p2p.compat.peerpy.PeerpyAddress> found = node.context.getBean(PeerpyNode.class)
				.seek(InetAddress.getLoopbackAddress(), loopbackBroadcast);
			// the wildcard ponger is replaced by the datagram's source; the node's own PONG is left out
			assertThat(found).extracting(Object::toString).containsExactly("127.0.0.1:40031");
			assertThat(node.recorder.events(dev.p2p.event.PeerDiscoveredEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getDiscoverySource()).isEqualTo(dev.p2p.event.DiscoverySource.PEERPY));
		}
		try (TestPeer node = start("p2p.codec.types.ECHO=json", "p2p.peerpy.discovery=true",
				"p2p.peerpy.discovery-port=" + discoveryPort);
				DatagramSocket seeker = new DatagramSocket(null)) {
			// peerpy's get_local_peers(): SO_REUSEADDR + SO_BROADCAST on <ip>:port, PING to the broadcast address
			seeker.setReuseAddress(true);
			seeker.setBroadcast(true);
			seeker.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), discoveryPort));
			seeker.setSoTimeout((int) WAIT.toMillis());
			byte[] ping = header("PING|pinger=127.0.0.1:" + discoveryPort);
			seeker.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(loopbackBroadcast, discoveryPort)));
			DatagramPacket pong = new DatagramPacket(new byte[512], 512);
			do {
				seeker.receive(pong);
			}
			while (!new String(pong.getData(), 0, 4, StandardCharsets.US_ASCII).equals("PONG"));
			assertThat(new String(pong.getData(), 0, pong.getLength(), StandardCharsets.UTF_8))
				.isEqualTo(new String(header("PONG|ponger=127.0.0.1:" + port(node)), StandardCharsets.UTF_8));
		}
	}

	private static void answerPings(DatagramSocket responder, String pong) {
		byte[] buffer = new byte[512];
		while (!responder.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				responder.receive(packet);
				String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
				if (text.startsWith("PING|pinger=")) {
					String pinger = text.substring("PING|pinger=".length(), text.indexOf('|', 5));
					String[] hostPort = pinger.split(":");
					byte[] answer = header(pong);
					responder.send(new DatagramPacket(answer, answer.length,
							new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))));
				}
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	static TestPeer start(String... extra) {
		return TestPeer.start("java-node", new Class<?>[] { CompatTestConfiguration.class }, properties(extra));
	}

	private static String[] properties(String... extra) {
		List<String> all = new ArrayList<>(List.of("p2p.peerpy.enabled=true", "p2p.peerpy.port=0",
				"p2p.peerpy.address=127.0.0.1", "p2p.peerpy.advertised-host=127.0.0.1", "p2p.peerpy.packet-type=ECHO",
				"p2p.peerpy.discovery=false"));
		all.addAll(List.of(extra));
		return all.toArray(String[]::new);
	}

	static int port(TestPeer node) {
		return node.context.getBean(PeerpyNode.class).getPort();
	}

	static List<String> refusals(TestPeer node) {
		return List.copyOf(node.context.getBean(CompatTestConfiguration.RecordingCompatMetrics.class).refusals);
	}

	/** Whether the node resets a plain socket (it never sends a FIN to peerpy peers). */
	private static boolean resetByNode(Socket socket) throws IOException {
		try {
			socket.getInputStream().read();
			return false;
		}
		catch (java.net.SocketException ex) {
			return String.valueOf(ex.getMessage()).contains("reset");
		}
	}

	private static byte[] header(String text) {
		byte[] header = new byte[128];
		java.util.Arrays.fill(header, (byte) '|');
		byte[] content = text.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(content, 0, header, 0, content.length);
		return header;
	}

	/** Lets in only peerpy peers that name themselves on 127.0.0.2. */
	static class OnlyTrusted {

		@org.springframework.context.annotation.Bean
		HandshakeInterceptor onlyTrusted() {
			return (offer) -> offer.nodeId().startsWith("127.0.0.2:") ? HandshakeDecision.accept()
					: HandshakeDecision.deny(offer.nodeId() + " is not trusted");
		}

	}

}
