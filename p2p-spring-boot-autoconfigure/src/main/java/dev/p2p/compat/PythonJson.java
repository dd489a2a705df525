package dev.p2p.compat;

import java.math.BigDecimal;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree byte for byte as Python's {@code json.dumps(value)} does with its defaults,
 * so that a Java node's payloads equal those of the Python peers it replaces.
 *
 * <pre>
 * Jackson:        {"hello":"world","n":[1,2.5,1.0E20],"s":"é"}
 * json.dumps:     {"hello": "world", "n": [1, 2.5, 1e+20], "s": "\u00e9"}
 * </pre>
 *
 * <p>Separators are {@code ", "} and {@code ": "}; every character outside printable ASCII
 * ({@code 0x20..0x7E}) is escaped as {@code \\uxxxx} with lowercase hex (characters above the BMP
 * as their surrogate pair); {@code \n \r \t \b \f \" \\} keep their short escapes; floating-point
 * numbers follow Python's {@code repr} ({@code 100.0}, {@code 1e-07}, {@code 1e+20}). The output
 * is pure ASCII.
 */
public final class PythonJson {

	private PythonJson() {
	}

	/**
	 * Write a tree as {@code json.dumps} would.
	 * @param node the value
	 * @return its JSON text (ASCII only)
	 */
	public static String write(JsonNode node) {
		StringBuilder out = new StringBuilder();
		append(out, node);
		return out.toString();
	}

	private static void append(StringBuilder out, JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else if (node.isObject()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				out.append(first ? "" : ", ");
				first = false;
				appendString(out, entry.getKey());
				out.append(": ");
				append(out, entry.getValue());
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				out.append((i == 0) ? "" : ", ");
				append(out, node.get(i));
			}
			out.append(']');
		}
		else if (node.isString()) {
			appendString(out, node.stringValue());
		}
		else if (node.isBoolean()) {
			out.append(node.booleanValue() ? "true" : "false");
		}
		else if (node.isFloatingPointNumber()) {
			out.append(pythonFloat(node.doubleValue()));
		}
		else if (node.isNumber()) {
			out.append(node.bigIntegerValue());
		}
		else if (node.isBinary()) {
			appendString(out, node.asString());
		}
		else {
			throw new IllegalArgumentException("No Python JSON form for a node of type " + node.getNodeType());
		}
	}

	private static void appendString(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c >= 0x20 && c <= 0x7E) {
						out.append(c);
					}
					else {
						out.append(String.format("\\u%04x", (int) c));
					}
				}
			}
		}
		out.append('"');
	}

	/**
	 * Python's {@code float.__repr__}: the shortest digits that round-trip (as Java's), written
	 * positionally for exponents -4..15 and in scientific form with a signed two-digit exponent
	 * otherwise.
	 */
	static String pythonFloat(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		if (value == 0) {
			return ((1 / value) < 0) ? "-0.0" : "0.0";
		}
		BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
		String digits = decimal.unscaledValue().toString();
		int exponent = digits.length() - 1 - decimal.scale();
		String sign = (value < 0) ? "-" : "";
		if (exponent < -4 || exponent >= 16) {
			String mantissa = (digits.length() == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
			String exp = String.format("%02d", Math.abs(exponent));
			return sign + mantissa + "e" + ((exponent < 0) ? "-" : "+") + exp;
		}
		String plain = decimal.toPlainString();
		return sign + (plain.contains(".") ? plain : plain + ".0");
	}

}
