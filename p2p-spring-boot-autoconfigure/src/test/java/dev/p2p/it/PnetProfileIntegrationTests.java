package dev.p2p.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.p2p.compat.pnet.CommandAnswer;
import dev.p2p.compat.pnet.Fernet;
import dev.p2p.compat.pnet.PnetAdvert;
import dev.p2p.compat.pnet.PnetLine;
import dev.p2p.compat.pnet.PnetNetworkLayer;
import dev.p2p.compat.pnet.PnetBase64;
import dev.p2p.compat.pnet.PnetCallException;
import dev.p2p.compat.pnet.PnetCommand;
import dev.p2p.compat.pnet.PnetTcpExchange;
import dev.p2p.compat.pnet.PnetNode;
import dev.p2p.compat.pnet.PnetNodeCipher;
import dev.p2p.compat.pnet.PnetPublicKeys;
import dev.p2p.compat.pnet.UniversalValue;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pnet profile on loopback, driven by {@link PnetTestPeer} (a CommandNode on the wave-1
 * codecs, whose bytes the unit tests pin to lines recorded from Python): calls both ways on
 * keyed and unkeyed networks, adverts in, and every bad request with pnet's error answer (where
 * it has one), an event and a metric.
 */
class PnetProfileIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void commandNodeCallsLandOnPacketListenersWithAndWithoutANetworkKey() throws Exception {
		String key = Fernet.generateKey(new SecureRandom());
		for (String networkKey : new String[] { null, key }) {
			try (TestPeer node = start(networkKey);
					PnetTestPeer beta = new PnetTestPeer("beta", "lab", networkKey, Map.of())) {
				PnetNode pnet = node.context.getBean(PnetNode.class);
				ArrayNode hello = beta.mapper().createArrayNode().add("Hello!");
				ArrayNode move = beta.mapper().createArrayNode().add(beta.mapper().createObjectNode().put("axis", "x").put("steps", 3));
				ArrayNode none = beta.mapper().createArrayNode();

				CommandAnswer greeting = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "COMMAND1", hello);
				CommandAnswer lowercase = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "command1", hello);
				CommandAnswer ack = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "MOVE", move);
				CommandAnswer funcs = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "get_funcs", none);
				CommandAnswer boom = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "BOOM",
						beta.mapper().createArrayNode().add("x"));
				CommandAnswer missing = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "nope", none);

				assertThat(greeting.value().asString()).isEqualTo("Hello back!");
				assertThat(lowercase.value().asString()).isEqualTo("Hello back!");
				assertThat(ack.value().get("from").asString()).isEqualTo("beta");
				assertThat(ack.value().get("steps").asInt()).isEqualTo(3);
				assertThat(funcs.value().toString()).startsWith("[\"get_peers\",\"get_funcs\"").contains("\"COMMAND1\"",
						"\"MOVE\"", "\"ECHO\"").doesNotContain("\"BLOB\"");
				assertThat(boom.isSuccess()).isFalse();
				assertThat(boom.description()).isEqualTo("listener failed on purpose: x");
				assertThat(missing.description()).isEqualTo("function does not exist on node");
			}
		}
	}

	@Test
	void nodeLearnsPnetNodesFromAdvertsAndCallsTheirFunctions() throws Exception {
		String key = Fernet.generateKey(new SecureRandom());
		for (String networkKey : new String[] { null, key }) {
			try (TestPeer node = start(networkKey, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=p2p");
					PnetTestPeer beta = new PnetTestPeer("beta", "lab", networkKey,
							Map.of("add", (args, og) -> args.numberNode(args.get(0).asInt() + args.get(1).asInt()),
									"whoami", (args, og) -> args.stringNode(og)))) {
				PnetNode pnet = node.context.getBean(PnetNode.class);
				beta.advertTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), advertisePort(node)));
				await().atMost(WAIT).until(() -> pnet.getPeers().stream().anyMatch((peer) -> peer.name().equals("beta")));
				assertThat(node.recorder.events(PeerDiscoveredEvent.class)).singleElement().satisfies((event) -> {
					assertThat(event.getNodeId()).isEqualTo("beta");
					assertThat(event.getDiscoverySource()).isEqualTo(DiscoverySource.PNET);
				});

				JsonNode sum = pnet.call("beta", "add", beta.mapper().createArrayNode().add(20).add(22))
					.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				JsonNode who = pnet.call("beta", "whoami", beta.mapper().createArrayNode()).get(WAIT.toSeconds(),
						TimeUnit.SECONDS);
				assertThat(sum.asInt()).isEqualTo(42);
				assertThat(who.asString()).isEqualTo("alpha");
				assertThatThrownBy(() -> pnet.call("beta", "nope", beta.mapper().createArrayNode())
					.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
					.cause()
					.isInstanceOf(PnetCallException.class)
					.hasMessageContaining("function does not exist on node");

				assertThat(node.context.getBean(dev.p2p.autoconfigure.actuate.P2pEndpoint.class).node().discoveredPeers())
					.containsExactly("beta@127.0.0.1:" + beta.port() + " (pnet)");
				CommandAnswer peers = beta.call(pnet.getServerPort(), pnet.getPublicKey(), "get_peers",
						beta.mapper().createArrayNode());
				assertThat(peers.value().toString()).isEqualTo("[\"beta\"]");
			}
		}
	}

	@Test
	void nodeBroadcastsAdvertsPnetNodesCanRead() throws Exception {
		String key = Fernet.generateKey(new SecureRandom());
		int advertisePort;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			advertisePort = probe.getLocalPort();
		}
		InetAddress loopbackBroadcast = InetAddress.getByName("127.255.255.255");
		try (DatagramSocket listener = new DatagramSocket(null)) {
			// a pnet advert listener: SO_REUSEADDR on the advertise port, reading up to 1024 bytes
			listener.setReuseAddress(true);
			listener.bind(new InetSocketAddress(loopbackBroadcast, advertisePort));
			listener.setSoTimeout((int) WAIT.toMillis());
			try (TestPeer node = start(key, "p2p.pnet.advertise-port=" + advertisePort,
					"p2p.pnet.advertise-address=127.255.255.255", "p2p.pnet.advertise-interval=200ms")) {
				PnetNode pnet = node.context.getBean(PnetNode.class);
				java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[PnetAdvert.MAX_DATAGRAM_SIZE],
						PnetAdvert.MAX_DATAGRAM_SIZE);
				listener.receive(packet);
				assertThat(packet.getLength()).isLessThan(PnetAdvert.MAX_DATAGRAM_SIZE);
				List<String> lines = PnetAdvert.lines(packet.getData(), packet.getLength());
				PnetAdvert advert = PnetAdvert.fromLine(PnetLine.parse(lines.get(0)), "lab",
						new PnetNetworkLayer(key, new SecureRandom()));
				assertThat(advert.name()).isEqualTo("alpha");
				assertThat(advert.host()).isEqualTo("127.0.0.1");
				assertThat(advert.port()).isEqualTo(pnet.getServerPort());
				assertThat(advert.publicKey()).isEqualTo(pnet.getPublicKey());
				// a listener of another network key cannot read it
				assertThatThrownBy(() -> PnetAdvert.fromLine(PnetLine.parse(lines.get(0)), "lab",
						new PnetNetworkLayer(Fernet.generateKey(new SecureRandom()), new SecureRandom())))
					.isInstanceOf(dev.p2p.compat.pnet.PnetProtocolException.class);
			}
		}
	}

	@Test
	void badRequestsGetPnetErrorAnswersEventsAndMetrics() throws Exception {
		try (TestPeer node = start(null, "p2p.pnet.max-line-length=4KB", "p2p.pnet.read-timeout=300ms");
				PnetTestPeer beta = new PnetTestPeer("beta", "lab", null, Map.of())) {
			int port = node.context.getBean(PnetNode.class).getServerPort();
			RSAPublicKey nodeKey = node.context.getBean(PnetNode.class).getPublicKey();
			assertThat(beta.sendLine(port, "lab|msg|x|END\n")).isEqualTo("lab|err|ERR_SECTION_COUNT||END\n");
			assertThat(beta.sendLine(port, "other|msg|x|y|END\n")).isEqualTo("lab|err|ERR_NETWORK_INCORRECT||END\n");
			assertThat(beta.sendLine(port, "lab|zzz|x|y|END\n")).isEqualTo("lab|err|ERR_PACKET_TYPE||END\n");
			// encrypted for another node: pnet's RSA error, which carries the node's key
			PnetNodeCipher stranger = new PnetNodeCipher(PnetKeys.rsa1024(), new SecureRandom());
			String forOther = stranger.encrypt(UniversalValue.text("RAW?fn=handle"), stranger.publicKey());
			assertThat(beta.sendLine(port, "lab|msg|" + forOther + "|" + stranger.publicKeyField() + "|END\n"))
				.startsWith("lab|err|ERR_RSA_DECRYPTION_FAILED|" + PnetPublicKeys.toField(nodeKey) + "|END");
			// a chunk whose checksum is wrong: pnet's answer, which its client retries
			PnetTcpExchange exchange = new PnetTcpExchange(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
					nodeKey, "lab", stranger, new dev.p2p.compat.pnet.PnetNetworkLayer(null, new SecureRandom()), WAIT, 1 << 20);
			exchange.exchange(PnetCommand.of("CHUNKED", "pt", "initiator", "ln", "1", "id", "t1", "og", "beta", "fn", "handle"));
			PnetCommand badPart = exchange.exchange(PnetCommand.of("CHUNKED", "pt", "part", "id", "t1", "in", "0", "dt",
					"e30~", "ck", "0".repeat(64), "og", "beta"));
			assertThat(badPart.toText()).isEqualTo("ERROR?rs=checksum error");
			// pickle and an oversize line: no answer (pnet has none), the line is closed
			assertThat(beta.sendLine(port, "lab|msg|" + pickleFor(nodeKey) + "|" + stranger.publicKeyField() + "|END\n"))
				.isEmpty();
			assertThat(beta.sendLine(port, "lab|msg|" + "A".repeat(5000) + "|x|END\n")).isEmpty();
			// a slow client: half a line, then silence past the read timeout
			try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
				slow.setSoTimeout((int) WAIT.toMillis());
				OutputStream out = slow.getOutputStream();
				out.write("lab|msg|".getBytes(StandardCharsets.US_ASCII));
				InputStream in = slow.getInputStream();
				assertThat(in.read()).isEqualTo(-1);
			}
			// the node still serves
			CommandAnswer greeting = beta.call(port, nodeKey, "COMMAND1", beta.mapper().createArrayNode().add("Hi"));
			assertThat(greeting.value().asString()).isEqualTo("Hello back!");

			await().until(() -> PeerpyProfileIntegrationTests.refusals(node).size() == 8);
			assertThat(PeerpyProfileIntegrationTests.refusals(node)).containsExactlyInAnyOrder("pnet/section-count",
					"pnet/wrong-network", "pnet/packet-type", "pnet/rsa-decryption", "pnet/checksum-error", "pnet/pickle-refused",
					"pnet/oversize", "pnet/read-timeout");
			assertThat(node.recorder.events(PeerHandshakeFailedEvent.class)).hasSizeGreaterThanOrEqualTo(3);
		}
	}

	private static TestPeer start(String networkKey, String... extra) throws Exception {
		int advertisePort;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			advertisePort = probe.getLocalPort();
		}
		List<String> properties = new ArrayList<>(List.of("p2p.pnet.enabled=true", "p2p.pnet.name=alpha",
				"p2p.pnet.network-id=lab", "p2p.pnet.address=127.0.0.1", "p2p.pnet.server-port=0",
				"p2p.pnet.advertise-port=" + advertisePort, "p2p.pnet.advertise-address=127.0.0.1",
				"p2p.pnet.advertised-host=127.0.0.1", "p2p.pnet.key-size=1024", "p2p.codec.types.ECHO=json"));
		if (networkKey != null) {
			properties.add("p2p.pnet.network-key=" + networkKey);
		}
		properties.addAll(List.of(extra));
		return TestPeer.start("java-node", new Class<?>[] { CompatTestConfiguration.class },
				properties.toArray(String[]::new));
	}

	private static int advertisePort(TestPeer node) {
		return Integer.parseInt(node.context.getEnvironment().getProperty("p2p.pnet.advertise-port"));
	}

	/** Node-layer content for a key whose universal value is {@code pkl|<pickle>}: never to be loaded. */
	private static String pickleFor(RSAPublicKey recipient) throws Exception {
		SecureRandom random = new SecureRandom();
		String fernetKey = Fernet.generateKey(random);
		String universal = PnetBase64.encode("pkl|cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1));
		String token = new Fernet(fernetKey, random).encrypt(universal.getBytes(StandardCharsets.US_ASCII));
		Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
		rsa.init(Cipher.ENCRYPT_MODE, recipient);
		byte[] encryptedKey = rsa.doFinal(fernetKey.getBytes(StandardCharsets.US_ASCII));
		return PnetBase64.encode(PnetBase64.encode(encryptedKey) + "|" + PnetBase64.encode(token));
	}

	/** RSA key pairs for test nodes. */
	static final class PnetKeys {

		static java.security.KeyPair rsa1024() throws Exception {
			java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
			generator.initialize(1024);
			return generator.generateKeyPair();
		}

	}

}
