package dev.p2p.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerIdentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code p2p} endpoint and health indicator over HTTP, in a servlet application.
 */
@SpringBootTest(classes = TestPeerApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "p2p.node-id=web", "p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=dev.p2p.it.TestPacketType", "p2p.codec.types.SEQ=bytes",
				"p2p.codec.types.TEXT=string", "p2p.codec.types.BOOM=string", "p2p.codec.types.COMMAND1=bytes",
				"p2p.codec.types.COMMAND2=bytes", "management.endpoints.web.exposure.include=health,info,p2p",
				"management.endpoint.p2p.access=unrestricted", "management.endpoint.health.show-details=always" })
class ActuatorWebIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private PeerNode node;

	@Test
	void healthShowsTheP2pDetails() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health/p2p")).GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(response.body(), "$.details.server")).isEqualTo("listening");
		assertThat((Integer) JsonPath.read(response.body(), "$.details.port")).isEqualTo(this.node.getBoundPort());
	}

	@Test
	void infoDescribesTheNode() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/info")).GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.p2p.nodeId")).isEqualTo("web");
		assertThat((String) JsonPath.read(response.body(), "$.p2p.networkId")).isEqualTo("default");
		assertThat((Integer) JsonPath.read(response.body(), "$.p2p.protocolVersion"))
			.isEqualTo(PeerIdentity.PROTOCOL_VERSION);
		assertThat((String) JsonPath.read(response.body(), "$.p2p.listenAddress"))
			.isEqualTo("127.0.0.1:" + this.node.getBoundPort());
	}

	@Test
	void connectListAndDisconnectAPeer() throws Exception {
		try (TestPeer other = TestPeer.start("other")) {
			HttpResponse<String> connected = send(HttpRequest.newBuilder(uri("/actuator/p2p"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + other.address() + "\"}")));
			assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(connected.body(), "$.nodeId")).isEqualTo("other");
			assertThat((String) JsonPath.read(connected.body(), "$.direction")).isEqualTo("OUTBOUND");
			assertThat(Instant.parse(JsonPath.read(connected.body(), "$.connectedSince")))
				.isBeforeOrEqualTo(Instant.now());

			HttpResponse<String> listed = send(HttpRequest.newBuilder(uri("/actuator/p2p")).GET());
			assertThat(listed.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(listed.body(), "$.nodeId")).isEqualTo("web");
			assertThat((String) JsonPath.read(listed.body(), "$.boundAddress"))
				.isEqualTo("127.0.0.1:" + this.node.getBoundPort());
			assertThat((String) JsonPath.read(listed.body(), "$.peers[0].nodeId")).isEqualTo("other");
			assertThat((String) JsonPath.read(listed.body(), "$.peers[0].state")).isEqualTo("ACTIVE");
			assertThat(send(HttpRequest.newBuilder(uri("/actuator/p2p/other")).GET()).statusCode()).isEqualTo(200);

			HttpResponse<String> disconnected = send(HttpRequest.newBuilder(uri("/actuator/p2p/other")).DELETE());
			assertThat(disconnected.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(disconnected.body(), "$.nodeId")).isEqualTo("other");
			await().until(() -> send(HttpRequest.newBuilder(uri("/actuator/p2p/other")).GET()).statusCode() == 404);
			assertThat(send(HttpRequest.newBuilder(uri("/actuator/p2p/other")).DELETE()).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void connectErrorsNameTheProblem() throws Exception {
		HttpResponse<String> badAddress = send(HttpRequest.newBuilder(uri("/actuator/p2p"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"no-port\"}")));
		assertThat(badAddress.statusCode()).isEqualTo(400);
		assertThat((String) JsonPath.read(badAddress.body(), "$.error")).contains("'no-port' must be host:port");

		String nobody = "127.0.0.1:" + FreePorts.find();
		HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/actuator/p2p"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + nobody + "\"}")));
		assertThat(refused.statusCode()).isEqualTo(502);
		assertThat((String) JsonPath.read(refused.body(), "$.address")).isEqualTo(nobody);
		assertThat((String) JsonPath.read(refused.body(), "$.error")).startsWith("Cannot connect to " + nobody);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
