package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;

import dev.p2p.compat.PythonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a pnet CommandNode call, sent through the chunked sub-protocol to {@code handle}.
 *
 * <pre>
 * {"function": "add", "args": [2, 3], "kwargs": {}}      (Python json.dumps)
 * </pre>
 *
 * @param function the function name
 * @param args positional arguments
 * @param kwargs keyword arguments
 */
public record CommandCall(String function, ArrayNode args, ObjectNode kwargs) {

	/** CommandNode's answer to a body that is not JSON. */
	public static final String BAD_JSON = "bad json data";

	/** CommandNode's answer to a body lacking a member. */
	public static final String MISSING_ITEMS = "not all required items (function, args, kwargs) are present";

	/**
	 * The body as Python writes it.
	 * @param mapper the Jackson mapper
	 * @return the JSON bytes (ASCII)
	 */
	public byte[] toJson(JsonMapper mapper) {
		ObjectNode body = mapper.createObjectNode();
		body.put("function", this.function);
		body.set("args", this.args);
		body.set("kwargs", this.kwargs);
		return PythonJson.write(body).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Read a body as CommandNode's {@code _handle} does.
	 * @param json the body bytes
	 * @param mapper the Jackson mapper
	 * @return the call
	 * @throws CommandError carrying CommandNode's description ({@value #BAD_JSON} or
	 * {@value #MISSING_ITEMS})
	 */
	public static CommandCall parse(byte[] json, JsonMapper mapper) throws CommandError {
		JsonNode body;
		try {
			body = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new CommandError(BAD_JSON);
		}
		if (body == null || !body.isObject()) {
			throw new CommandError(BAD_JSON);
		}
		JsonNode function = body.get("function");
		JsonNode args = body.get("args");
		JsonNode kwargs = body.get("kwargs");
		if (function == null || args == null || kwargs == null) {
			throw new CommandError(MISSING_ITEMS);
		}
		if (!function.isString() || !args.isArray() || !kwargs.isObject()) {
			throw new CommandError(BAD_JSON);
		}
		return new CommandCall(function.stringValue(), (ArrayNode) args, (ObjectNode) kwargs);
	}

	/**
	 * A call that CommandNode answers with an error description.
	 */
	public static final class CommandError extends Exception {

		/**
		 * Create an error.
		 * @param description the description sent back
		 */
		public CommandError(String description) {
			super(description);
		}

	}

}
