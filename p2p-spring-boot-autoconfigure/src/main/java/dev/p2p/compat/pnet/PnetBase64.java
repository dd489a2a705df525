package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * pnet's base64: url-safe alphabet, always with {@code =} padding (Python's
 * {@code base64.urlsafe_b64encode}). Inside AdvancedNode commands the padding is written
 * {@code ~} ({@link #toCommandText}, {@link #fromCommandText}).
 */
public final class PnetBase64 {

	private PnetBase64() {
	}

	/**
	 * Encode bytes.
	 * @param bytes the bytes
	 * @return url-safe base64 with padding
	 */
	public static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().encodeToString(bytes);
	}

	/**
	 * Encode UTF-8 text.
	 * @param text the text
	 * @return url-safe base64 of its UTF-8 bytes
	 */
	public static String encode(String text) {
		return encode(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Decode url-safe base64 (padding required, as Python requires it).
	 * @param text the base64 text
	 * @param what what the text is, for the error message
	 * @return the bytes
	 * @throws PnetProtocolException naming the field and length if the text is not valid base64
	 */
	public static byte[] decode(String text, String what) throws PnetProtocolException {
		if (text.length() % 4 != 0) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet " + what + " is not padded url-safe base64 (" + text.length() + " chars)");
		}
		try {
			return Base64.getUrlDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet " + what + " is not url-safe base64 (" + text.length() + " chars): " + ex.getMessage());
		}
	}

	/**
	 * Base64 text as a command argument: {@code =} written {@code ~}.
	 * @param base64 the base64 text
	 * @return the argument text
	 */
	public static String toCommandText(String base64) {
		return base64.replace('=', '~');
	}

	/**
	 * A command argument back to base64 text: {@code ~} read as {@code =}.
	 * @param argument the argument text
	 * @return the base64 text
	 */
	public static String fromCommandText(String argument) {
		return argument.replace('~', '=');
	}

}
