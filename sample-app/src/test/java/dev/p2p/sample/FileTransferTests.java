package dev.p2p.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's file transfer: a file PUT to alice's HTTP API is streamed to bob, who saves it
 * in his inbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "p2p.node-id=alice",
				"sample.telemetry.interval=1h" })
class FileTransferTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	PeerNode alice;

	@TempDir
	Path bobsInbox;

	ConfigurableApplicationContext bob;

	@BeforeEach
	void startBob() {
		this.bob = new SpringApplicationBuilder(SampleApplication.class).run("--p2p.node-id=bob", "--server.port=0",
				"--p2p.server.port=0", "--p2p.server.address=127.0.0.1",
				"--p2p.peers=127.0.0.1:" + this.alice.getBoundPort(), "--sample.telemetry.interval=1h",
				"--sample.inbox=" + this.bobsInbox, "--spring.main.banner-mode=off");
		await().until(() -> this.alice.findSession("bob").isPresent());
	}

	@AfterEach
	void stopBob() {
		this.bob.close();
	}

	@Test
	void filePutToAliceLandsInBobsInbox() throws Exception {
		byte[] file = new byte[3 * 1024 * 1024 + 17];
		new Random(1).nextBytes(file);
		String response = RestClient.create("http://127.0.0.1:" + this.httpPort)
			.put()
			.uri("/files/bob/scan.bin")
			.body(file)
			.retrieve()
			.body(String.class);
		JsonNode sent = JsonMapper.builder().build().readTree(response);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
		assertThat(sent.get("bytes").asLong()).isEqualTo(file.length);
		assertThat(sent.get("sha256").asString()).isEqualTo(sha256);
		Path received = this.bobsInbox.resolve("scan.bin");
		await().until(() -> Files.exists(received));
		assertThat(Files.readAllBytes(received)).isEqualTo(file);
	}

	@Test
	void nameThatIsNotAPlainFileNameIsRefused() {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.httpPort);
		int status = http.put()
			.uri("/files/bob/.hidden")
			.body("x".getBytes(StandardCharsets.UTF_8))
			.exchange((request, reply) -> reply.getStatusCode().value());
		assertThat(status).isEqualTo(500);
		assertThat(this.bobsInbox).isEmptyDirectory();
	}

}
