package dev.p2p.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The network's shared secret ({@code p2p.security.network-key}): HMAC-SHA256 codes that prove
 * a message comes from a holder of the key without revealing it. Every code is
 * domain-separated (a purpose label is part of the input) and its parts are length-prefixed,
 * so a code made for one purpose or layout never verifies for another. Codes are compared in
 * constant time. The key is read once into a {@link SecretKeySpec}; {@link #toString()} never
 * shows it.
 */
public final class NetworkKey {

	/** Length of a code in bytes (HMAC-SHA256). */
	public static final int MAC_LENGTH = 32;

	/** Length of the nonces {@link #nonce()} makes. */
	public static final int NONCE_LENGTH = 32;

	/** Shortest key accepted, in bytes of its UTF-8 form. */
	public static final int MIN_KEY_LENGTH = 16;

	private static final String ALGORITHM = "HmacSHA256";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private NetworkKey(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * Create a key from its configured text (its UTF-8 bytes are the HMAC key).
	 * @param secret the shared secret, at least {@value #MIN_KEY_LENGTH} bytes long
	 * @return the key
	 * @throws IllegalArgumentException if the secret is too short
	 */
	public static NetworkKey of(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException("the network key must be at least " + MIN_KEY_LENGTH
					+ " bytes long (was " + bytes.length + "); use a random value such as 32 bytes in base64");
		}
		return new NetworkKey(bytes);
	}

	/**
	 * A fresh random nonce.
	 * @return {@value #NONCE_LENGTH} random bytes
	 */
	public static byte[] nonce() {
		byte[] nonce = new byte[NONCE_LENGTH];
		RANDOM.nextBytes(nonce);
		return nonce;
	}

	/**
	 * The code of a message: HMAC-SHA256 over the domain and each part, each preceded by its
	 * length as a 4-byte big-endian integer.
	 * @param domain what the code is for, such as {@code "p2p-hello"}
	 * @param parts the message
	 * @return {@value #MAC_LENGTH} bytes
	 */
	public byte[] mac(String domain, byte[]... parts) {
		Mac mac = newMac();
		update(mac, domain.getBytes(StandardCharsets.UTF_8));
		for (byte[] part : parts) {
			update(mac, part);
		}
		return mac.doFinal();
	}

	/**
	 * Whether a code is the code of a message, compared in constant time.
	 * @param code the code received
	 * @param domain what the code is for
	 * @param parts the message
	 * @return {@code true} if the sender holds this key
	 */
	public boolean verify(byte[] code, String domain, byte[]... parts) {
		return code != null && MessageDigest.isEqual(mac(domain, parts), code);
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static void update(Mac mac, byte[] part) {
		int length = part.length;
		mac.update(new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length });
		mac.update(part);
	}

	@Override
	public String toString() {
		return "NetworkKey[HmacSHA256, value hidden]";
	}

}
