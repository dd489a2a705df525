package dev.p2p.compat.pnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * Lines and tokens recorded from the real Python code (pnet's {@code Crypt}, Python's
 * {@code cryptography} Fernet), in {@code python-vectors.properties}.
 */
final class PythonVectors {

	private static final Properties VALUES = load();

	private PythonVectors() {
	}

	static String get(String name) {
		String value = VALUES.getProperty(name);
		if (value == null) {
			throw new IllegalArgumentException("No recorded vector " + name);
		}
		return value;
	}

	/** The key pair of the recorded Java node "alpha" (1024 bits). */
	static KeyPair alphaKeys() {
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(get("ALPHA_PKCS8"))));
			return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent())),
					privateKey);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Properties load() {
		try (InputStream in = PythonVectors.class.getResourceAsStream("/dev/p2p/compat/python-vectors.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
