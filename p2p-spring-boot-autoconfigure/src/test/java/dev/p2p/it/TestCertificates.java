package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test-only key material made at run time with the JDK's {@code keytool}: a CA, node
 * certificates it signs, and a self-signed "rogue" certificate nobody trusts. Every store is
 * PKCS#12 with the password {@value #PASSWORD}, in a temporary directory.
 */
final class TestCertificates {

	static final String PASSWORD = "test-only";

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Make a CA, a trust store holding it, a certificate per node signed by it (with the SAN
	 * {@code IP:127.0.0.1}), one named {@code nosan} without a SAN, and a self-signed certificate
	 * named {@code rogue}.
	 * @param directory where the stores go
	 * @param nodes names of the nodes to certify
	 * @return the material
	 */
	static TestCertificates create(Path directory, String... nodes) throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		certificates.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=p2p test CA", "-ext",
				"bc:c", "-validity", "2", "-keystore", "ca.p12");
		certificates.keytool("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.pem", "-keystore", "ca.p12");
		certificates.keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-noprompt", "-keystore", "trust.p12");
		for (String node : nodes) {
			certificates.certify(node, true);
		}
		certificates.certify("nosan", false);
		certificates.keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-dname", "CN=rogue", "-validity", "2",
				"-keystore", "rogue.p12");
		return certificates;
	}

	/** A key pair and a certificate signed by the CA, with or without the SAN {@code IP:127.0.0.1}. */
	private void certify(String node, boolean ipSan) throws IOException, InterruptedException {
		String store = node + ".p12";
		keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-dname", "CN=" + node, "-validity", "2", "-keystore",
				store);
		keytool("-certreq", "-alias", "node", "-file", node + ".csr", "-keystore", store);
		List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-infile", node + ".csr", "-outfile",
				node + ".pem", "-rfc", "-validity", "2", "-keystore", "ca.p12"));
		if (ipSan) {
			sign.addAll(List.of("-ext", "san=ip:127.0.0.1"));
		}
		keytool(sign.toArray(String[]::new));
		keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-noprompt", "-keystore", store);
		keytool("-importcert", "-alias", "node", "-file", node + ".pem", "-keystore", store);
	}

	/**
	 * Properties of an SSL bundle named after the node with its key store and the CA trust store.
	 * @param node the node (or {@code rogue})
	 * @return {@code spring.ssl.bundle.jks.*} properties and {@code p2p.ssl.bundle}
	 */
	List<String> bundle(String node) {
		List<String> properties = new ArrayList<>(trustOnly(node));
		String prefix = "spring.ssl.bundle.jks." + node + ".keystore.";
		properties.add(prefix + "location=file:" + this.directory.resolve(node + ".p12"));
		properties.add(prefix + "password=" + PASSWORD);
		properties.add(prefix + "type=PKCS12");
		return properties;
	}

	/**
	 * Properties of an SSL bundle with the CA trust store and no key: a client without a certificate.
	 * @param name the bundle's name
	 * @return {@code spring.ssl.bundle.jks.*} properties and {@code p2p.ssl.bundle}
	 */
	List<String> trustOnly(String name) {
		String prefix = "spring.ssl.bundle.jks." + name + ".truststore.";
		return new ArrayList<>(List.of(prefix + "location=file:" + this.directory.resolve("trust.p12"),
				prefix + "password=" + PASSWORD, prefix + "type=PKCS12", "p2p.ssl.bundle=" + name));
	}

	/**
	 * SHA-256 of a node certificate's public key, as {@code p2p.security.allowed-certificates} takes it.
	 * @param node the node
	 * @return 64 hex digits
	 */
	String fingerprint(String node) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.directory.resolve(node + ".p12"))) {
			store.load(in, PASSWORD.toCharArray());
		}
		Certificate certificate = store.getCertificate("node");
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
	}

	private void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
		Process process = new ProcessBuilder(command).directory(this.directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
