package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * pnet's "universal" encoding ({@code crypt.universal_encode}), the plaintext inside every
 * node-layer message.
 *
 * <pre>
 * urlsafe_b64encode( fmt | '|' | data )      fmt: str (UTF-8 text) | raw (bytes) | pkl (pickle: refused)
 * "hi|there"  -&gt;  "str|hi|there"  -&gt;  c3RyfGhpfHRoZXJl
 * </pre>
 *
 * <p>Only {@code str} and {@code raw} are decoded; {@code pkl} (and anything else, which Python
 * would unpickle too) fails without the data being looked at.
 *
 * @param format {@code str} or {@code raw}
 * @param data the data bytes (UTF-8 for {@code str})
 */
public record UniversalValue(String format, byte[] data) {

	/** Format of UTF-8 text. */
	public static final String TEXT = "str";

	/** Format of raw bytes. */
	public static final String BYTES = "raw";

	/**
	 * Create a value.
	 * @param format {@code str} or {@code raw}
	 * @param data the data
	 */
	public UniversalValue {
		if (!TEXT.equals(format) && !BYTES.equals(format)) {
			throw new IllegalArgumentException("pnet universal format must be str or raw, was '" + format + "'");
		}
	}

	/**
	 * A text value.
	 * @param text the text
	 * @return the value
	 */
	public static UniversalValue text(String text) {
		return new UniversalValue(TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The data as text.
	 * @return the UTF-8 text
	 */
	public String asText() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

	/**
	 * The encoded form: url-safe base64 of {@code fmt|data}.
	 * @return the base64 text
	 */
	public String encode() {
		byte[] prefix = (this.format + "|").getBytes(StandardCharsets.US_ASCII);
		byte[] all = Arrays.copyOf(prefix, prefix.length + this.data.length);
		System.arraycopy(this.data, 0, all, prefix.length, this.data.length);
		return PnetBase64.encode(all);
	}

	/**
	 * Decode the encoded form.
	 * @param encoded url-safe base64 of {@code fmt|data}
	 * @return the value
	 * @throws PnetProtocolException on bad base64, a missing {@code |}, or {@code pkl} (pickle)
	 * or any other format
	 */
	public static UniversalValue decode(String encoded) throws PnetProtocolException {
		byte[] all = PnetBase64.decode(encoded, "universal value");
		int bar = 0;
		while (bar < all.length && all[bar] != '|') {
			bar++;
		}
		if (bar == all.length) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet universal value of " + all.length + " bytes has no 'fmt|' prefix");
		}
		String format = new String(all, 0, Math.min(bar, 8), StandardCharsets.US_ASCII);
		if ("pkl".equals(format)) {
			throw new PnetProtocolException(PnetViolation.PICKLE,
					"pnet content of format pkl (pickle, " + (all.length - bar - 1) + " bytes) is never decoded");
		}
		if (bar > 3 || (!TEXT.equals(format) && !BYTES.equals(format))) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet universal value of format '" + format + "' is neither str nor raw");
		}
		return new UniversalValue(format, Arrays.copyOfRange(all, bar + 1, all.length));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof UniversalValue value && value.format.equals(this.format)
				&& Arrays.equals(value.data, this.data);
	}

	@Override
	public int hashCode() {
		return 31 * this.format.hashCode() + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "UniversalValue[" + this.format + ", " + this.data.length + " bytes]";
	}

}
