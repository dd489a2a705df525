package dev.p2p.compat.pnet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (the format of Python's {@code cryptography.fernet}), with JCA only.
 *
 * <pre>
 * key   = urlsafe_b64decode(44 chars) = signing key (bytes 0-15) | AES-128 key (bytes 16-31)
 * token = 0x80 | timestamp (u64 BE, seconds) | IV (16) | AES-128-CBC/PKCS7 ciphertext | HMAC-SHA256 (32)
 *         \______________________ signed by the HMAC ________________________/
 * text  = urlsafe_b64encode(token), with '=' padding
 * </pre>
 *
 * <p>No TTL is checked, as pnet passes none (a pnet advert token is made once at start and
 * resent for the node's whole life). The HMAC is verified in constant time before anything is
 * decrypted. Instances are immutable and thread-safe.
 */
public final class Fernet {

	private static final byte VERSION = (byte) 0x80;

	private static final int IV_SIZE = 16;

	private static final int HMAC_SIZE = 32;

	private static final int MIN_TOKEN_SIZE = 1 + 8 + IV_SIZE + 16 + HMAC_SIZE;

	private final byte[] signingKey;

	private final byte[] encryptionKey;

	private final SecureRandom random;

	/**
	 * Create a Fernet from a key text such as {@code Fernet.generate_key()} returns.
	 * @param key 44 characters of url-safe base64 encoding 32 bytes
	 * @param random source of IVs
	 * @throws IllegalArgumentException if the key is not 32 bytes of url-safe base64 (the key
	 * itself is never put in the message)
	 */
	public Fernet(String key, SecureRandom random) {
		byte[] bytes;
		try {
			bytes = java.util.Base64.getUrlDecoder().decode(key.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Fernet key is not url-safe base64 (" + key.length() + " chars)");
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException("Fernet key decodes to " + bytes.length + " bytes, not 32");
		}
		this.signingKey = Arrays.copyOfRange(bytes, 0, 16);
		this.encryptionKey = Arrays.copyOfRange(bytes, 16, 32);
		this.random = random;
	}

	/**
	 * A new random key text, as {@code Fernet.generate_key()}.
	 * @param random the randomness
	 * @return 44 characters of url-safe base64
	 */
	public static String generateKey(SecureRandom random) {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return PnetBase64.encode(key);
	}

	/**
	 * Encrypt with a random IV and the current time.
	 * @param plaintext the bytes
	 * @return the token text
	 */
	public String encrypt(byte[] plaintext) {
		byte[] iv = new byte[IV_SIZE];
		this.random.nextBytes(iv);
		return encrypt(plaintext, System.currentTimeMillis() / 1000, iv);
	}

	/**
	 * Encrypt with a given time and IV (deterministic; for tests against recorded tokens).
	 * @param plaintext the bytes
	 * @param timestamp seconds since the epoch
	 * @param iv 16 bytes
	 * @return the token text
	 */
	public String encrypt(byte[] plaintext, long timestamp, byte[] iv) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.encryptionKey, "AES"), new IvParameterSpec(iv));
			byte[] ciphertext = cipher.doFinal(plaintext);
			ByteBuffer token = ByteBuffer.allocate(1 + 8 + IV_SIZE + ciphertext.length + HMAC_SIZE);
			token.put(VERSION).putLong(timestamp).put(iv).put(ciphertext);
			token.put(hmac(token.array(), token.position()));
			return PnetBase64.encode(token.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("JCA lacks AES/CBC or HmacSHA256: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Decrypt a token (no TTL).
	 * @param token the token text
	 * @return the plaintext
	 * @throws PnetProtocolException if the text is not a token of this key (bad base64, too
	 * short, wrong version, HMAC mismatch or bad padding)
	 */
	public byte[] decrypt(String token) throws PnetProtocolException {
		byte[] bytes = PnetBase64.decode(token.strip(), "Fernet token");
		if (bytes.length < MIN_TOKEN_SIZE || bytes[0] != VERSION || (bytes.length - 1 - 8 - IV_SIZE - HMAC_SIZE) % 16 != 0) {
			throw invalid("is not a Fernet token (" + bytes.length + " bytes, version byte " + (bytes[0] & 0xFF) + ")");
		}
		int signed = bytes.length - HMAC_SIZE;
		if (!MessageDigest.isEqual(hmac(bytes, signed), Arrays.copyOfRange(bytes, signed, bytes.length))) {
			throw invalid("fails its HMAC: another key, or altered");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(this.encryptionKey, "AES"),
					new IvParameterSpec(bytes, 9, IV_SIZE));
			return cipher.doFinal(bytes, 9 + IV_SIZE, signed - 9 - IV_SIZE);
		}
		catch (GeneralSecurityException ex) {
			throw invalid("does not decrypt: " + ex.getMessage());
		}
	}

	/**
	 * Decrypt a token holding UTF-8 text.
	 * @param token the token text
	 * @return the plaintext as text
	 * @throws PnetProtocolException as {@link #decrypt}
	 */
	public String decryptText(String token) throws PnetProtocolException {
		return new String(decrypt(token), StandardCharsets.UTF_8);
	}

	private byte[] hmac(byte[] data, int length) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.signingKey, "HmacSHA256"));
			mac.update(data, 0, length);
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("JCA lacks HmacSHA256: " + ex.getMessage(), ex);
		}
	}

	private static PnetProtocolException invalid(String message) {
		return new PnetProtocolException(PnetViolation.MALFORMED, "Fernet token " + message);
	}

	@Override
	public String toString() {
		return "Fernet[key masked]";
	}

}
