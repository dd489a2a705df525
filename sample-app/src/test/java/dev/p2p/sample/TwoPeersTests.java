package dev.p2p.sample;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.p2p.peer.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two sample peers on one machine, as in the README's quick start: bob dials alice, they chat
 * and exchange telemetry, and alice's actuator shows it over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "p2p.node-id=alice", "p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"sample.telemetry.interval=200ms" })
class TwoPeersTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int httpPort;

	@Autowired
	PeerNode alice;

	@Autowired
	MeterRegistry aliceMeters;

	ConfigurableApplicationContext bob;

	RestClient http;

	@BeforeEach
	void startBob() {
		this.bob = new SpringApplicationBuilder(SampleApplication.class)
			.properties("p2p.node-id=bob", "server.port=0", "p2p.server.port=0", "p2p.server.address=127.0.0.1",
					"p2p.peers=127.0.0.1:" + this.alice.getBoundPort(), "sample.telemetry.interval=200ms",
					"spring.main.banner-mode=off")
			.run();
		this.http = RestClient.create("http://127.0.0.1:" + this.httpPort);
	}

	@AfterEach
	void stopBob() {
		this.bob.close();
	}

	@Test
	void metricsShowThePacketsBobSent() {
		await().until(() -> received("TELEMETRY") >= 3 && received("CHAT") == 1);
		// what alice counts as received, bob counts as sent (telemetry keeps flowing, so compare after the fact)
		MeterRegistry bobMeters = this.bob.getBean(MeterRegistry.class);
		double aliceReceived = received("TELEMETRY");
		assertThat(bobMeters.get("p2p.packets.sent").tag("type", "TELEMETRY").counter().count())
			.isGreaterThanOrEqualTo(aliceReceived);
		assertThat(bobMeters.get("p2p.packets.sent").tag("type", "CHAT").counter().count()).isEqualTo(1);
		JsonNode active = get("/actuator/metrics/p2p.connections.active");
		assertThat(active.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
		JsonNode handshakes = get("/actuator/metrics/p2p.handshakes?tag=outcome:success");
		assertThat(handshakes.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
		JsonNode listener = get("/actuator/metrics/p2p.listener.duration?tag=type:TELEMETRY&tag=outcome:success");
		assertThat(listener.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(3);
	}

	private double received(String type) {
		JsonNode metric = get("/actuator/metrics/p2p.packets.received?tag=type:" + type);
		return metric.get("measurements").get(0).get("value").asDouble();
	}

	private JsonNode get(String path) {
		return this.json.readTree(this.http.get().uri(path).retrieve().body(String.class));
	}

}
