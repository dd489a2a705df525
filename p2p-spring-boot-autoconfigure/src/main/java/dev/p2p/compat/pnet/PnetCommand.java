package dev.p2p.compat.pnet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command of pnet's AdvancedNode sub-protocol, the plaintext inside every node-layer message
 * of a call.
 *
 * <pre>
 * CHUNKED?pt=part&amp;id=b'43PZORaqFOU='&amp;in=0&amp;dt=eyJmdW5j...fX0~~&amp;ck=006186f7...&amp;og=beta
 * ^^^^^^^ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 * name    arguments k=v joined by &amp; (base64 '=' written '~')
 * </pre>
 *
 * <p>Parsed as pnet's {@code _parse_args}: the arguments are the text between the first and
 * second {@code ?}; each {@code &}-part keeps the text between its first and second {@code =}
 * (so Python's {@code id=b'43PZORaqFOU='} reads as {@code b'43PZORaqFOU}); a later duplicate
 * key wins. Writing refuses {@code = & ?} in a value, which pnet would cut.
 *
 * @param name the command, such as {@code CHUNKED}
 * @param args the arguments in order
 */
public record PnetCommand(String name, Map<String, String> args) {

	/**
	 * Create a command; the arguments are copied in their order.
	 * @param name the command name
	 * @param args the arguments
	 */
	public PnetCommand {
		if (name == null || name.isEmpty() || name.indexOf('?') >= 0) {
			throw new IllegalArgumentException("pnet command name must be non-empty, without '?', was '" + name + "'");
		}
		args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
	}

	/**
	 * Build a command from alternating keys and values.
	 * @param name the command name
	 * @param keysAndValues key, value, key, value...
	 * @return the command
	 */
	public static PnetCommand of(String name, String... keysAndValues) {
		Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			args.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return new PnetCommand(name, args);
	}

	/**
	 * The command text.
	 * @return {@code NAME?k=v&k=v}
	 */
	public String toText() {
		StringBuilder text = new StringBuilder(this.name).append('?');
		String separator = "";
		for (Map.Entry<String, String> arg : this.args.entrySet()) {
			check(arg.getKey());
			check(arg.getValue());
			text.append(separator).append(arg.getKey()).append('=').append(arg.getValue());
			separator = "&";
		}
		return text.toString();
	}

	/**
	 * Parse a command.
	 * @param text the command text
	 * @return the command
	 * @throws PnetProtocolException naming the text if it has no {@code ?} or a part without {@code =}
	 */
	public static PnetCommand parse(String text) throws PnetProtocolException {
		String[] sections = text.split("\\?", -1);
		if (sections.length < 2 || sections[0].isEmpty()) {
			throw malformed("pnet command '" + PnetLine.abbreviate(text) + "' is not NAME?k=v&...");
		}
		Map<String, String> args = new LinkedHashMap<>();
		for (String part : sections[1].split("&", -1)) {
			String[] pieces = part.split("=", -1);
			if (pieces.length < 2) {
				throw malformed("pnet command argument '" + PnetLine.abbreviate(part) + "' has no '='");
			}
			args.put(pieces[0], pieces[1]);
		}
		return new PnetCommand(sections[0], args);
	}

	/**
	 * An argument the command must carry.
	 * @param key the argument name
	 * @return its value
	 * @throws PnetProtocolException if it is missing
	 */
	public String require(String key) throws PnetProtocolException {
		String value = this.args.get(key);
		if (value == null) {
			throw malformed("pnet command " + this.name + " lacks the argument '" + key + "': " + this.args.keySet());
		}
		return value;
	}

	/**
	 * An argument, or a default.
	 * @param key the argument name
	 * @param fallback the value if it is missing
	 * @return the value
	 */
	public String get(String key, String fallback) {
		return this.args.getOrDefault(key, fallback);
	}

	private static void check(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '=' || c == '&' || c == '?') {
				throw new IllegalArgumentException("pnet command text '" + text + "' holds '" + c + "', which pnet cuts");
			}
		}
	}

	private static PnetProtocolException malformed(String message) {
		return new PnetProtocolException(PnetViolation.MALFORMED, message);
	}

}
