package dev.p2p.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's discovery demo: three sample peers with discovery on and no peer addresses form
 * a mesh, and each one's {@code /actuator/p2p} shows the other two with their heartbeat
 * round-trip times.
 */
class ThreePeersDiscoveryTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<ConfigurableApplicationContext> peers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.peers.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void threePeersWithDiscoveryAndNoAddressesFormAMesh() {
		int udpPort = freeUdpPort();
		for (String name : List.of("alice", "bob", "carol")) {
			this.peers.add(new SpringApplicationBuilder(SampleApplication.class).run("--p2p.node-id=" + name,
					"--server.port=0", "--p2p.server.port=0", "--p2p.discovery.enabled=true",
					"--p2p.discovery.port=" + udpPort, "--p2p.discovery.interface=lo",
					"--p2p.discovery.interval=300ms", "--p2p.heartbeat.interval=200ms",
					"--sample.telemetry.interval=1s", "--spring.main.banner-mode=off"));
		}
		for (ConfigurableApplicationContext peer : this.peers) {
			int httpPort = ((WebServerApplicationContext) peer).getWebServer().getPort();
			RestClient http = RestClient.create("http://127.0.0.1:" + httpPort);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode node = this.json.readTree(http.get().uri("/actuator/p2p").retrieve().body(String.class));
				assertThat(node.get("peers").size()).isEqualTo(2);
				for (JsonNode peerNode : node.get("peers")) {
					// absent until the first PONG (the actuator leaves out null members)
					assertThat(peerNode.has("roundTripMillis")).isTrue();
					assertThat(peerNode.get("roundTripMillis").isNumber()).isTrue();
				}
			});
		}
	}

	private static int freeUdpPort() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
