package dev.p2p.test.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.p2p.test.TestPeer;
import dev.p2p.test.TestPeers;
import dev.p2p.test.autoconfigure.P2pTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose node requires TLS: a test peer takes its SSL bundle and connects over
 * TLS 1.3.
 */
@P2pTest(properties = "p2p.ssl.bundle=node")
class TlsTestPeerTests {

	private static final Path directory = keyStore();

	@DynamicPropertySource
	static void bundle(DynamicPropertyRegistry registry) {
		String store = "file:" + directory.resolve("node.p12");
		registry.add("spring.ssl.bundle.jks.node.keystore.location", () -> store);
		registry.add("spring.ssl.bundle.jks.node.keystore.password", () -> "test-only");
		registry.add("spring.ssl.bundle.jks.node.truststore.location", () -> store);
		registry.add("spring.ssl.bundle.jks.node.truststore.password", () -> "test-only");
	}

	@AfterAll
	static void delete() throws IOException {
		FileSystemUtils.deleteRecursively(directory);
	}

	@Autowired
	TestPeers testPeers;

	@Test
	void aTestPeerConnectsOverTheApplicationsTls() {
		try (TestPeer peer = this.testPeers.connect()) {
			assertThat(peer.getSession().getTlsProtocol()).isEqualTo("TLSv1.3");
			assertThat(peer.request(EchoType.PING, new Ping("secure"), Pong.class).text()).isEqualTo("secure");
		}
	}

	/** A self-signed key pair for 127.0.0.1, made with the JDK's keytool: key store and trust store at once. */
	private static Path keyStore() {
		try {
			Path dir = Files.createTempDirectory("p2p-tls-test");
			Process keytool = new ProcessBuilder(List.of(
					Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
					"node", "-keyalg", "EC", "-dname", "CN=node", "-ext", "san=ip:127.0.0.1", "-validity", "2",
					"-keystore", "node.p12", "-storetype", "PKCS12", "-storepass", "test-only"))
				.directory(dir.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
