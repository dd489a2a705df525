package dev.p2p.compat.pnet;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code pk} field of a pnet line: url-safe base64 of the RSA public key as PKCS#1 PEM
 * (python-rsa's {@code save_pkcs1()}), never X.509 {@code PUBLIC KEY}.
 *
 * <pre>
 * pk  = urlsafe_b64encode(pem)
 * pem = "-----BEGIN RSA PUBLIC KEY-----\n" + base64(der) in 64-column lines + "\n-----END RSA PUBLIC KEY-----\n"
 * der = 30 len | 02 len n | 02 len e          (RSAPublicKey ::= SEQUENCE { modulus, publicExponent })
 * </pre>
 *
 * <p>Reading accepts what python-rsa's {@code load_pkcs1} accepts (CRLF, no final newline, any
 * line width) and refuses moduli above {@value #MAX_MODULUS_BITS} bits, so a peer cannot make
 * this node work on a huge key.
 */
public final class PnetPublicKeys {

	/** Largest modulus accepted from a peer. */
	public static final int MAX_MODULUS_BITS = 8192;

	/** Longest {@code pk} field accepted, in characters. */
	public static final int MAX_FIELD_LENGTH = 8 * 1024;

	private static final String BEGIN = "-----BEGIN RSA PUBLIC KEY-----";

	private static final String END = "-----END RSA PUBLIC KEY-----";

	private PnetPublicKeys() {
	}

	/**
	 * The {@code pk} field for a key.
	 * @param key the public key
	 * @return url-safe base64 of its PKCS#1 PEM
	 */
	public static String toField(RSAPublicKey key) {
		return PnetBase64.encode(toPem(key));
	}

	/**
	 * PKCS#1 PEM as python-rsa writes it.
	 * @param key the public key
	 * @return the PEM text
	 */
	public static String toPem(RSAPublicKey key) {
		String body = Base64.getEncoder().encodeToString(toDer(key));
		StringBuilder pem = new StringBuilder(BEGIN).append('\n');
		for (int i = 0; i < body.length(); i += 64) {
			pem.append(body, i, Math.min(body.length(), i + 64)).append('\n');
		}
		return pem.append(END).append('\n').toString();
	}

	/**
	 * Read a {@code pk} field.
	 * @param field url-safe base64 of a PKCS#1 PEM
	 * @return the public key
	 * @throws PnetProtocolException if the field is not such a key or is over the limits
	 */
	public static RSAPublicKey fromField(String field) throws PnetProtocolException {
		if (field.length() > MAX_FIELD_LENGTH) {
			throw malformed("pnet pk field of " + field.length() + " chars is longer than the limit of " + MAX_FIELD_LENGTH);
		}
		return fromPem(new String(PnetBase64.decode(field, "pk field"), StandardCharsets.UTF_8));
	}

	/**
	 * Read a PKCS#1 PEM.
	 * @param pem the PEM text
	 * @return the public key
	 * @throws PnetProtocolException if it is not an {@code RSA PUBLIC KEY} PEM
	 */
	public static RSAPublicKey fromPem(String pem) throws PnetProtocolException {
		String text = pem.strip();
		if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
			throw malformed("pnet pk is not a PKCS#1 '" + BEGIN + "' PEM");
		}
		String body = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
		byte[] der;
		try {
			der = Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("pnet pk PEM body is not base64: " + ex.getMessage());
		}
		return fromDer(der);
	}

	static byte[] toDer(RSAPublicKey key) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		writeInteger(content, key.getModulus());
		writeInteger(content, key.getPublicExponent());
		ByteArrayOutputStream der = new ByteArrayOutputStream();
		der.write(0x30);
		writeLength(der, content.size());
		der.writeBytes(content.toByteArray());
		return der.toByteArray();
	}

	static RSAPublicKey fromDer(byte[] der) throws PnetProtocolException {
		DerReader reader = new DerReader(der);
		reader.expect(0x30, "SEQUENCE");
		int end = reader.readLength();
		if (end != der.length - reader.position) {
			throw malformed("pnet pk DER SEQUENCE length " + end + " does not match the " + (der.length - reader.position)
					+ " bytes that follow");
		}
		BigInteger modulus = reader.readInteger();
		BigInteger exponent = reader.readInteger();
		if (reader.position != der.length) {
			throw malformed("pnet pk DER has " + (der.length - reader.position) + " trailing bytes");
		}
		if (modulus.signum() <= 0 || exponent.signum() <= 0 || modulus.bitLength() > MAX_MODULUS_BITS) {
			throw malformed("pnet pk modulus of " + modulus.bitLength() + " bits is not positive or above the limit of "
					+ MAX_MODULUS_BITS + " bits");
		}
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
		}
		catch (GeneralSecurityException ex) {
			throw malformed("pnet pk is not a usable RSA key: " + ex.getMessage());
		}
	}

	private static void writeInteger(ByteArrayOutputStream out, BigInteger value) {
		byte[] bytes = value.toByteArray();
		out.write(0x02);
		writeLength(out, bytes.length);
		out.writeBytes(bytes);
	}

	private static void writeLength(ByteArrayOutputStream out, int length) {
		if (length < 0x80) {
			out.write(length);
			return;
		}
		byte[] bytes = BigInteger.valueOf(length).toByteArray();
		int skip = (bytes[0] == 0) ? 1 : 0;
		out.write(0x80 | (bytes.length - skip));
		out.write(bytes, skip, bytes.length - skip);
	}

	private static PnetProtocolException malformed(String message) {
		return new PnetProtocolException(PnetViolation.MALFORMED, message);
	}

	/** Bounds-checked reader of the few DER elements a PKCS#1 public key holds. */
	private static final class DerReader {

		private final byte[] der;

		private int position;

		DerReader(byte[] der) {
			this.der = der;
		}

		void expect(int tag, String name) throws PnetProtocolException {
			if (this.position >= this.der.length || (this.der[this.position] & 0xFF) != tag) {
				throw malformed("pnet pk DER lacks the " + name + " at byte " + this.position);
			}
			this.position++;
		}

		int readLength() throws PnetProtocolException {
			int first = next();
			if (first < 0x80) {
				return first;
			}
			int count = first & 0x7F;
			if (count == 0 || count > 3) {
				throw malformed("pnet pk DER length of " + count + " bytes is not supported");
			}
			int length = 0;
			for (int i = 0; i < count; i++) {
				length = (length << 8) | next();
			}
			return length;
		}

		BigInteger readInteger() throws PnetProtocolException {
			expect(0x02, "INTEGER");
			int length = readLength();
			if (length == 0 || length > this.der.length - this.position) {
				throw malformed("pnet pk DER INTEGER of " + length + " bytes does not fit the "
						+ (this.der.length - this.position) + " bytes left");
			}
			BigInteger value = new BigInteger(Arrays.copyOfRange(this.der, this.position, this.position + length));
			this.position += length;
			return value;
		}

		private int next() throws PnetProtocolException {
			if (this.position >= this.der.length) {
				throw malformed("pnet pk DER ends early at byte " + this.position);
			}
			return this.der[this.position++] & 0xFF;
		}

	}

}
