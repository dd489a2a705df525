package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;

import dev.p2p.compat.PythonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CommandNode's answer to a call.
 *
 * <pre>
 * {"type": "success", "value": 5}
 * {"type": "error", "description": "function does not exist on node"}
 * </pre>
 *
 * @param value the value on success ({@code null} on error)
 * @param description the description on error ({@code null} on success)
 */
public record CommandAnswer(JsonNode value, String description) {

	/**
	 * A success.
	 * @param value the function's value
	 * @return the answer
	 */
	public static CommandAnswer success(JsonNode value) {
		return new CommandAnswer(value, null);
	}

	/**
	 * An error.
	 * @param description what went wrong, as the caller will see it
	 * @return the answer
	 */
	public static CommandAnswer error(String description) {
		return new CommandAnswer(null, description);
	}

	/**
	 * Whether it is a success.
	 * @return {@code true} for a success
	 */
	public boolean isSuccess() {
		return this.description == null;
	}

	/**
	 * The answer as Python's {@code json.dumps} writes it.
	 * @param mapper the Jackson mapper
	 * @return the JSON bytes (ASCII)
	 */
	public byte[] toJson(JsonMapper mapper) {
		ObjectNode body = mapper.createObjectNode();
		if (isSuccess()) {
			body.put("type", "success");
			body.set("value", (this.value != null) ? this.value : mapper.nullNode());
		}
		else {
			body.put("type", "error");
			body.put("description", this.description);
		}
		return PythonJson.write(body).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Read an answer.
	 * @param json the answer bytes
	 * @param mapper the Jackson mapper
	 * @return the answer
	 * @throws PnetProtocolException if it is not an answer of either form
	 */
	public static CommandAnswer parse(byte[] json, JsonMapper mapper) throws PnetProtocolException {
		JsonNode body;
		try {
			body = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw malformed("is not JSON: " + ex.getOriginalMessage());
		}
		if (body == null || !body.isObject() || body.get("type") == null) {
			throw malformed("is not an object with a type");
		}
		String type = body.get("type").asString();
		if ("success".equals(type) && body.has("value")) {
			return success(body.get("value"));
		}
		if ("error".equals(type) && body.has("description")) {
			return error(body.get("description").asString());
		}
		throw malformed("has type '" + PnetLine.abbreviate(type) + "' without its value or description");
	}

	private static PnetProtocolException malformed(String message) {
		return new PnetProtocolException(PnetViolation.MALFORMED, "pnet CommandNode answer " + message);
	}

}
