package dev.p2p.it;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose SSL bundle is a PEM certificate and key on disk with {@code reload-on-update}:
 * when the files are replaced, Boot's file watcher reloads the bundle and the next connection
 * gets the new certificate, while the connection made before keeps going.
 */
class TlsRotationIntegrationTests {

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	static Path pem;

	@BeforeAll
	static void certificates() throws Exception {
		certificates = TestCertificates.create(directory, "alice", "bob");
		pem = Files.createDirectories(directory.resolve("rotating"));
		writePem("alice");
	}

	@Test
	void aRotatedCertificateIsUsedByTheNextConnection() throws Exception {
		try (TestPeer server = TestPeer.start("server", pemBundle("server"));
				TestPeer first = TestPeer.start("first", withPeer(certificates.trustOnly("first"), server))) {
			await().until(() -> first.isConnectedTo("server"));
			assertThat(subjectOfCertificateAt(server.port())).isEqualTo("CN=alice");
			writePem("bob");
			await().atMost(Duration.ofSeconds(20)).until(() -> "CN=bob".equals(subjectOfCertificateAt(server.port())));
			List<String> second = new ArrayList<>(List.of(withPeer(certificates.trustOnly("second"), server)));
			// this dialler admits only a server that presents bob's certificate
			second.add("p2p.security.allowed-certificates=" + certificates.fingerprint("bob"));
			try (TestPeer next = TestPeer.start("second", second.toArray(String[]::new))) {
				await().until(() -> next.isConnectedTo("server") && server.isConnectedTo("second"));
			}
			// the connection made before the rotation is still up
			assertThat(first.isConnectedTo("server")).isTrue();
			assertThat(server.session("first").isActive()).isTrue();
		}
	}

	/** A PEM bundle read from the rotating directory, reloaded when the files change. */
	private static String[] pemBundle(String name) {
		String prefix = "spring.ssl.bundle.pem." + name + ".";
		return new String[] { prefix + "keystore.certificate=file:" + pem.resolve("node.crt"),
				prefix + "keystore.private-key=file:" + pem.resolve("node.key"),
				prefix + "truststore.certificate=file:" + directory.resolve("ca.pem"),
				prefix + "reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=200ms",
				"p2p.ssl.bundle=" + name };
	}

	private static String[] withPeer(List<String> properties, TestPeer server) {
		List<String> all = new ArrayList<>(properties);
		all.add("p2p.peers=" + server.address());
		return all.toArray(String[]::new);
	}

	/** Replace the PEM files with a node's certificate and key, each by an atomic move. */
	private static void writePem(String node) throws Exception {
		KeyStore store = load(directory.resolve(node + ".p12"));
		X509Certificate certificate = (X509Certificate) store.getCertificate("node");
		byte[] key = store.getKey("node", TestCertificates.PASSWORD.toCharArray()).getEncoded();
		replace(pem.resolve("node.key"), pemText("PRIVATE KEY", key));
		replace(pem.resolve("node.crt"), pemText("CERTIFICATE", certificate.getEncoded()));
	}

	private static void replace(Path target, String text) throws Exception {
		Path temporary = Files.createTempFile(directory, "pem", ".tmp");
		Files.writeString(temporary, text, StandardCharsets.US_ASCII);
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String pemText(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/** The subject of the certificate a plain TLS client gets from the port now. */
	private static String subjectOfCertificateAt(int port) throws Exception {
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(load(directory.resolve("trust.p12")));
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			socket.startHandshake();
			X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
			return certificate.getSubjectX500Principal().getName();
		}
	}

	private static KeyStore load(Path path) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, TestCertificates.PASSWORD.toCharArray());
		}
		return store;
	}

}
