package dev.p2p.sample;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.peerpy.PeerpyNode;
import dev.p2p.compat.pnet.CommandAnswer;
import dev.p2p.compat.pnet.CommandCall;
import dev.p2p.compat.pnet.PnetChunkedClient;
import dev.p2p.compat.pnet.PnetCommandHandler;
import dev.p2p.compat.pnet.PnetNetworkLayer;
import dev.p2p.compat.pnet.PnetNode;
import dev.p2p.compat.pnet.PnetNodeCipher;
import dev.p2p.compat.pnet.PnetTcpExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with both compatibility profiles on: a peerpy peer's CHAT value comes back on its
 * connection, and a pnet CommandNode's {@code COMMAND1("Hello!")} is answered "Hello back!".
 */
@SpringBootTest(properties = { "p2p.server.port=0", "p2p.server.address=127.0.0.1", "p2p.peerpy.enabled=true",
		"p2p.peerpy.port=0", "p2p.peerpy.address=127.0.0.1", "p2p.peerpy.packet-type=CHAT", "p2p.peerpy.discovery=false",
		"p2p.pnet.enabled=true", "p2p.pnet.name=alpha", "p2p.pnet.network-id=lab", "p2p.pnet.address=127.0.0.1",
		"p2p.pnet.server-port=0", "p2p.pnet.advertise-port=0", "p2p.pnet.advertise-address=127.0.0.1",
		"p2p.pnet.key-size=1024" })
class CompatProfilesTests {

	@Autowired
	PeerpyNode peerpy;

	@Autowired
	PnetNode pnet;

	@Test
	void peerpyChatValueIsEchoed() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.peerpy.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			out.write(header("HELLO|peer_name=127.0.0.1:40001&data_type=json&strict=True"));
			assertThat(new String(in.readNBytes(128), StandardCharsets.UTF_8)).startsWith("ACCEPT||");
			byte[] payload = "{\"data\": {\"text\": \"hi\"}}".getBytes(StandardCharsets.UTF_8);
			out.write(header("DATA|data_size=" + payload.length + "&data_type=json"));
			out.write(payload);
			String reply = new String(in.readNBytes(128), StandardCharsets.UTF_8);
			assertThat(reply).startsWith("DATA|data_size=");
			int size = Integer.parseInt(reply.replaceAll("^DATA\\|data_size=([0-9]+).*$", "$1"));
			assertThat(new String(in.readNBytes(size), StandardCharsets.UTF_8)).isEqualTo("{\"data\": {\"text\": \"hi\"}}");
		}
	}

	@Test
	void pnetCommand1IsAnsweredHelloBack() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		SecureRandom random = new SecureRandom();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		PnetNodeCipher beta = new PnetNodeCipher(generator.generateKeyPair(), random);
		PnetTcpExchange exchange = new PnetTcpExchange(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), this.pnet.getServerPort()), this.pnet.getPublicKey(),
				"lab", beta, new PnetNetworkLayer(null, random), Duration.ofSeconds(10), 1 << 20);
		byte[] body = new CommandCall("COMMAND1", mapper.createArrayNode().add("Hello!"), mapper.createObjectNode())
			.toJson(mapper);
		byte[] result = new PnetChunkedClient("beta", 1 << 20, random).call(exchange, PnetCommandHandler.FUNCTION, body);
		assertThat(CommandAnswer.parse(result, mapper).value().asString()).isEqualTo("Hello back!");
	}

	private static byte[] header(String text) {
		byte[] header = new byte[128];
		Arrays.fill(header, (byte) '|');
		byte[] content = text.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(content, 0, header, 0, content.length);
		return header;
	}

}
