package dev.p2p.compat.pnet;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The node's RSA key pair for pnet: generated at start, or read from a PKCS#8 PEM private key
 * ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey -algorithm RSA} writes it).
 */
public final class PnetKeyPairs {

	/** Smallest modulus that can encrypt a 44-character Fernet key with PKCS#1 v1.5. */
	public static final int MIN_BITS = 1024;

	/** Largest modulus whose adverts stay under pnet's 1024-byte read. */
	public static final int MAX_BITS = 2048;

	private PnetKeyPairs() {
	}

	/**
	 * Generate a key pair.
	 * @param bits the modulus size, {@value #MIN_BITS} to {@value #MAX_BITS}
	 * @return the pair
	 */
	public static KeyPair generate(int bits) {
		if (bits < MIN_BITS || bits > MAX_BITS) {
			throw new IllegalArgumentException("pnet RSA key size must be from " + MIN_BITS + " to " + MAX_BITS
					+ " bits (larger adverts exceed pnet's 1024-byte read), was " + bits);
		}
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA key generation is not available: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Read an RSA private key in PKCS#8 PEM and derive its public key.
	 * @param pem the PEM text
	 * @return the pair
	 * @throws IllegalArgumentException if it is not an RSA PKCS#8 key of an accepted size
	 */
	public static KeyPair fromPkcs8Pem(String pem) {
		String body = pem.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)))
					instanceof RSAPrivateCrtKey key)) {
				throw new IllegalArgumentException("not an RSA private key with its CRT parameters");
			}
			int bits = key.getModulus().bitLength();
			if (bits < MIN_BITS || bits > MAX_BITS) {
				throw new IllegalArgumentException("the RSA key has " + bits + " bits; pnet needs " + MIN_BITS + " to "
						+ MAX_BITS);
			}
			BigInteger exponent = key.getPublicExponent();
			PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), exponent));
			return new KeyPair(publicKey, key);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("not a PKCS#8 PEM RSA private key: " + ex.getMessage(), ex);
		}
	}

}
