package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import javax.crypto.Cipher;

/**
 * pnet's node layer ({@code Crypt.encrypt}/{@code decrypt}): a Fernet key of the sender, sent
 * RSA-encrypted for the recipient, and the content encrypted with it.
 *
 * <pre>
 * node layer = B64U( B64U(RSA-PKCS1v1.5(recipient pk, fernet key text, 44 B)) | '|' | B64U(Fernet(fernet key, universal)) )
 * universal  = B64U( "str|" text  or  "raw|" bytes )
 * </pre>
 *
 * <p>The RSA plaintext is the 44-character key text, so the recipient's modulus needs at least
 * 55 bytes. As pnet does, the sender's Fernet key is kept across messages and replaced with
 * probability 0.05 per encryption. Thread-safe.
 */
public final class PnetNodeCipher {

	private static final double KEY_CHANGE_CHANCE = 0.05;

	private static final int MIN_MODULUS_BYTES = 44 + 11;

	private final RSAPrivateKey privateKey;

	private final RSAPublicKey publicKey;

	private final SecureRandom random;

	private final String publicKeyField;

	private volatile String fernetKey;

	/**
	 * Create the cipher of a node.
	 * @param keyPair the node's RSA key pair
	 * @param random randomness for Fernet keys and IVs
	 */
	public PnetNodeCipher(KeyPair keyPair, SecureRandom random) {
		if (!(keyPair.getPrivate() instanceof RSAPrivateKey rsaPrivate)
				|| !(keyPair.getPublic() instanceof RSAPublicKey rsaPublic)) {
			throw new IllegalArgumentException("pnet needs an RSA key pair, got " + keyPair.getPublic().getAlgorithm());
		}
		this.privateKey = rsaPrivate;
		this.publicKey = rsaPublic;
		this.random = random;
		this.publicKeyField = PnetPublicKeys.toField(rsaPublic);
		this.fernetKey = Fernet.generateKey(random);
	}

	/**
	 * This node's {@code pk} field.
	 * @return url-safe base64 of its PKCS#1 PEM
	 */
	public String publicKeyField() {
		return this.publicKeyField;
	}

	/**
	 * This node's public key.
	 * @return the key
	 */
	public RSAPublicKey publicKey() {
		return this.publicKey;
	}

	/**
	 * Encrypt a value for a recipient.
	 * @param value the value
	 * @param recipient the recipient's public key (the {@code pk} of its request or advert)
	 * @return the node-layer text
	 * @throws IllegalArgumentException if the recipient's modulus is too small for the key text
	 */
	public String encrypt(UniversalValue value, RSAPublicKey recipient) {
		if ((recipient.getModulus().bitLength() + 7) / 8 < MIN_MODULUS_BYTES) {
			throw new IllegalArgumentException("pnet recipient key of " + recipient.getModulus().bitLength()
					+ " bits is below the " + MIN_MODULUS_BYTES * 8 + " bits needed to carry a Fernet key");
		}
		if (this.random.nextDouble() < KEY_CHANGE_CHANCE) {
			this.fernetKey = Fernet.generateKey(this.random);
		}
		String key = this.fernetKey;
		String token = new Fernet(key, this.random).encrypt(value.encode().getBytes(StandardCharsets.US_ASCII));
		byte[] encryptedKey;
		try {
			Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
			rsa.init(Cipher.ENCRYPT_MODE, recipient, this.random);
			encryptedKey = rsa.doFinal(key.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("JCA cannot RSA-encrypt for pnet: " + ex.getMessage(), ex);
		}
		return PnetBase64.encode(PnetBase64.encode(encryptedKey) + "|" + PnetBase64.encode(token));
	}

	/**
	 * Decrypt node-layer text addressed to this node.
	 * @param content the node-layer text
	 * @return the value
	 * @throws PnetProtocolException with {@link PnetViolation#RSA_DECRYPTION} if the key part is
	 * not for this node, {@link PnetViolation#PICKLE} for {@code pkl} content, else
	 * {@link PnetViolation#MALFORMED}
	 */
	public UniversalValue decrypt(String content) throws PnetProtocolException {
		String outer = new String(PnetBase64.decode(content, "node layer"), StandardCharsets.UTF_8);
		int bar = outer.indexOf('|');
		if (bar < 0) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet node layer of " + outer.length() + " chars has no 'key|data' separator");
		}
		String fernetKey = decryptKey(PnetBase64.decode(outer.substring(0, bar), "encrypted Fernet key"));
		String token = new String(PnetBase64.decode(outer.substring(bar + 1), "node-layer token"), StandardCharsets.UTF_8);
		byte[] universal = new Fernet(fernetKey, this.random).decrypt(token);
		return UniversalValue.decode(new String(universal, StandardCharsets.US_ASCII));
	}

	private String decryptKey(byte[] encryptedKey) throws PnetProtocolException {
		byte[] key;
		try {
			Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
			rsa.init(Cipher.DECRYPT_MODE, this.privateKey);
			key = rsa.doFinal(encryptedKey);
		}
		catch (GeneralSecurityException ex) {
			throw new PnetProtocolException(PnetViolation.RSA_DECRYPTION,
					"pnet node layer key (" + encryptedKey.length + " bytes) does not RSA-decrypt with this node's key", ex);
		}
		if (key.length != 44) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet node layer carries a Fernet key of " + key.length + " bytes, not 44");
		}
		return new String(key, StandardCharsets.US_ASCII);
	}

}
