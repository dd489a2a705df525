package dev.p2p.compat.peerpy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One peerpy control header: always exactly {@value #SIZE} bytes of UTF-8, right-padded with
 * {@code |}.
 *
 * <pre>
 * HELLO|peer_name=127.0.0.1:39351&amp;data_type=json&amp;strict=True|||||...|   (128 bytes)
 * ^^^^^ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ^^^^^^^^^
 * type  fields: k=v joined by &amp;, only text between 1st and 2nd | padding (0x7C)
 * ACCEPT + 122 x |        DENY + 124 x |        PING + 124 x |
 * </pre>
 *
 * <p>Parsing follows peerpy's {@code split_header}: only the text between the first and the
 * second {@code |} holds fields; each {@code &}-part must hold exactly one {@code =} (peerpy
 * raises otherwise); a later duplicate key wins. Building refuses what would break a peerpy
 * reader: a header over 128 bytes, or a key or value holding {@code |}, {@code &} or {@code =}.
 * The type is the text before the first {@code |}, compared exactly.
 *
 * @param type the header type, such as {@code HELLO}
 * @param fields the fields in wire order (empty for ACCEPT, DENY, PING)
 */
public record PeerpyHeader(String type, Map<String, String> fields) {

	/** Size of every header, in bytes. */
	public static final int SIZE = 128;

	private static final byte PAD = '|';

	private static final Pattern PYTHON_INT = Pattern.compile("\\s*\\+?[0-9]{1,10}\\s*");

	/**
	 * Create a header; the fields are copied in their order.
	 * @param type the header type
	 * @param fields the fields
	 */
	public PeerpyHeader {
		if (type == null || type.isEmpty() || type.indexOf('|') >= 0) {
			throw new IllegalArgumentException("peerpy header type must be non-empty and free of '|', was '" + type + "'");
		}
		fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/**
	 * A header without fields, such as ACCEPT.
	 * @param type the header type
	 * @return the header
	 */
	public static PeerpyHeader of(String type) {
		return new PeerpyHeader(type, Map.of());
	}

	/**
	 * The 128 bytes peerpy's {@code build_header} writes for this header.
	 * @return a new array of {@value #SIZE} bytes
	 * @throws IllegalArgumentException if a field holds a separator or the header exceeds 128 bytes
	 */
	public byte[] toBytes() {
		StringBuilder text = new StringBuilder(this.type);
		String separator = "|";
		for (Map.Entry<String, String> field : this.fields.entrySet()) {
			checkFieldText(field.getKey());
			checkFieldText(field.getValue());
			text.append(separator).append(field.getKey()).append('=').append(field.getValue());
			separator = "&";
		}
		byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
		if (content.length > SIZE) {
			throw new IllegalArgumentException(
					"peerpy " + this.type + " header is " + content.length + " bytes, more than the limit of " + SIZE);
		}
		byte[] header = Arrays.copyOf(content, SIZE);
		Arrays.fill(header, content.length, SIZE, PAD);
		return header;
	}

	/**
	 * Parse 128 received bytes as peerpy does.
	 * @param bytes the header bytes (exactly {@value #SIZE})
	 * @return the header
	 * @throws PeerpyProtocolException if the bytes are not a header peerpy could have parsed
	 */
	public static PeerpyHeader parse(byte[] bytes) throws PeerpyProtocolException {
		if (bytes.length != SIZE) {
			throw malformed("peerpy header is " + bytes.length + " bytes, not " + SIZE);
		}
		return parse(bytes, bytes.length);
	}

	/**
	 * Parse the first bytes of a buffer as peerpy parses a datagram it received with
	 * {@code recv(n)} (any length; padding is optional there).
	 * @param bytes the buffer
	 * @param length how many of its bytes were received
	 * @return the header
	 * @throws PeerpyProtocolException if the bytes are not a header peerpy could have parsed
	 */
	static PeerpyHeader parse(byte[] bytes, int length) throws PeerpyProtocolException {
		String text = decodeUtf8(Arrays.copyOf(bytes, length));
		int firstBar = text.indexOf('|');
		String type = (firstBar < 0) ? text : text.substring(0, firstBar);
		if (type.isEmpty()) {
			throw malformed("peerpy header has no type: '" + printable(text) + "'");
		}
		if (firstBar < 0) {
			return new PeerpyHeader(type, Map.of());
		}
		int secondBar = text.indexOf('|', firstBar + 1);
		String segment = text.substring(firstBar + 1, (secondBar < 0) ? text.length() : secondBar);
		return new PeerpyHeader(type, parseFields(segment));
	}

	private static Map<String, String> parseFields(String segment) throws PeerpyProtocolException {
		Map<String, String> fields = new LinkedHashMap<>();
		if (segment.isEmpty()) {
			return fields;
		}
		for (String part : segment.split("&", -1)) {
			int equals = part.indexOf('=');
			if (equals < 0 || part.indexOf('=', equals + 1) >= 0) {
				throw malformed("peerpy header field '" + printable(part) + "' does not hold exactly one '='");
			}
			fields.put(part.substring(0, equals), part.substring(equals + 1));
		}
		return fields;
	}

	/**
	 * A field peerpy requires.
	 * @param name the field name
	 * @return its value
	 * @throws PeerpyProtocolException if the header does not carry it
	 */
	public String require(String name) throws PeerpyProtocolException {
		String value = this.fields.get(name);
		if (value == null) {
			throw new PeerpyProtocolException(PeerpyViolation.MISSING_FIELD,
					"peerpy " + this.type + " header lacks the field '" + name + "': " + this.fields.keySet());
		}
		return value;
	}

	/**
	 * A field cast as peerpy's {@code int(value)} would, refusing negatives.
	 * @param name the field name
	 * @return the value
	 * @throws PeerpyProtocolException if the field is missing or not a non-negative integer
	 */
	public long requireInt(String name) throws PeerpyProtocolException {
		String value = require(name);
		if (!PYTHON_INT.matcher(value).matches()) {
			throw malformed("peerpy " + this.type + " field " + name + "='" + printable(value)
					+ "' is not a non-negative integer of at most 10 digits");
		}
		return Long.parseLong(value.strip().replace("+", ""));
	}

	/**
	 * A field cast as peerpy's {@code bool(value)}: any non-empty text is true, even
	 * {@code False}; a missing field is false.
	 * @param name the field name
	 * @return the value
	 */
	public boolean pythonBool(String name) {
		String value = this.fields.get(name);
		return value != null && !value.isEmpty();
	}

	private static void checkFieldText(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '|' || c == '&' || c == '=') {
				throw new IllegalArgumentException("peerpy header text '" + text + "' holds '" + c
						+ "', which peerpy cannot parse back");
			}
		}
	}

	private static String decodeUtf8(byte[] bytes) throws PeerpyProtocolException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed("peerpy header is not valid UTF-8");
		}
	}

	/** Header text for a log line: control characters shown as {@code ?}, at most 128 chars. */
	static String printable(String text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), SIZE));
		for (int i = 0; i < text.length() && i < SIZE; i++) {
			char c = text.charAt(i);
			out.append((c < 0x20 || c == 0x7F) ? '?' : c);
		}
		return out.toString();
	}

	private static PeerpyProtocolException malformed(String message) {
		return new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER, message);
	}

}
