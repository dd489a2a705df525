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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two sample peers on one machine, as in the README's quick start: bob dials alice, they chat
 * and exchange telemetry, and alice's actuator shows it over HTTP. Each test gets a new alice
 * and a new bob, so every count starts at zero.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "p2p.node-id=alice", "sample.telemetry.interval=200ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
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
		// command-line arguments, as in the README: they override application.yml
		this.bob = new SpringApplicationBuilder(SampleApplication.class).run("--p2p.node-id=bob", "--server.port=0",
				"--p2p.server.port=0", "--p2p.server.address=127.0.0.1",
				"--p2p.peers=127.0.0.1:" + this.alice.getBoundPort(), "--sample.telemetry.interval=200ms",
				"--spring.main.banner-mode=off");
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

	@Test
	void p2pEndpointListsBobWithHisTraffic() {
		await().ignoreExceptions().until(() -> get("/actuator/p2p/bob").get("packetsIn").asLong() >= 4);
		JsonNode node = get("/actuator/p2p");
		assertThat(node.get("nodeId").asString()).isEqualTo("alice");
		assertThat(node.get("peers")).hasSize(1);
		JsonNode bob = node.get("peers").get(0);
		assertThat(bob.get("nodeId").asString()).isEqualTo("bob");
		assertThat(bob.get("direction").asString()).isEqualTo("INBOUND");
		assertThat(bob.get("state").asString()).isEqualTo("ACTIVE");
		// a chat line and at least 3 telemetry packets
		assertThat(bob.get("packetsIn").asLong()).isGreaterThanOrEqualTo(4);
		assertThat(bob.get("bytesIn").asLong()).isPositive();
		assertThat(get("/actuator/p2p/bob").get("remoteAddress").asString()).startsWith("127.0.0.1:");
		JsonNode health = get("/actuator/health/p2p");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("connectedPeers").asInt()).isEqualTo(1);
	}

	private double received(String type) {
		JsonNode metric = get("/actuator/metrics/p2p.packets.received?tag=type:" + type);
		return metric.get("measurements").get(0).get("value").asDouble();
	}

	private JsonNode get(String path) {
		return this.json.readTree(this.http.get().uri(path).retrieve().body(String.class));
	}

}
