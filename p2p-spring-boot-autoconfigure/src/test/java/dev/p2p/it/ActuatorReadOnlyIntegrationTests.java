package dev.p2p.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.p2p.peer.PeerAddress;
import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code p2p} endpoint with its default access: exposed, it can be read, but connecting
 * to an address and cutting a peer are refused until
 * {@code management.endpoint.p2p.access=unrestricted}.
 */
@SpringBootTest(classes = TestPeerApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "p2p.node-id=guarded", "p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=dev.p2p.it.TestPacketType", "p2p.codec.types.SEQ=bytes",
				"p2p.codec.types.TEXT=string", "p2p.codec.types.BOOM=string", "p2p.codec.types.COMMAND1=bytes",
				"p2p.codec.types.COMMAND2=bytes", "management.endpoints.web.exposure.include=p2p" })
class ActuatorReadOnlyIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private PeerNode node;

	@Test
	void readsAreAllowedAndWritesAreNot() throws Exception {
		try (TestPeer other = TestPeer.start("other")) {
			HttpResponse<String> listed = send(HttpRequest.newBuilder(uri("/actuator/p2p")).GET());
			assertThat(listed.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(listed.body(), "$.nodeId")).isEqualTo("guarded");

			HttpResponse<String> connect = send(HttpRequest.newBuilder(uri("/actuator/p2p"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + other.address() + "\"}")));
			assertThat(connect.statusCode()).isEqualTo(405);
			assertThat(this.node.getSessions()).isEmpty();

			this.node.connect(PeerAddress.parse(other.address())).get();
			HttpResponse<String> disconnect = send(HttpRequest.newBuilder(uri("/actuator/p2p/other")).DELETE());
			assertThat(disconnect.statusCode()).isEqualTo(405);
			assertThat(this.node.findSession("other")).isPresent();
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
