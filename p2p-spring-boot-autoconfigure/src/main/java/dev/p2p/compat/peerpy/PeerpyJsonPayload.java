package dev.p2p.compat.peerpy;

import java.nio.charset.StandardCharsets;

import dev.p2p.compat.PythonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The payload of a peerpy {@code json} connection: {@code json.dumps({"data": value})}.
 *
 * <pre>
 * value:     {"hello":"world"}            (what a packet codec writes)
 * payload:   {"data": {"hello": "world"}} (what peerpy writes: ", " and ": ", ASCII only)
 * </pre>
 *
 * <p>Written byte for byte as peerpy writes it ({@link PythonJson}); read as peerpy reads it,
 * {@code json.loads(payload)["data"]}, so any JSON object with a {@code data} member is taken.
 */
public final class PeerpyJsonPayload {

	private static final String DATA = "data";

	private final JsonMapper mapper;

	/**
	 * Create the payload codec.
	 * @param mapper the Jackson mapper that parses JSON
	 */
	public PeerpyJsonPayload(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Wrap a value.
	 * @param value the value
	 * @return {@code {"data": value}} as UTF-8 (ASCII) bytes
	 */
	public byte[] wrap(JsonNode value) {
		ObjectNode wrapper = this.mapper.createObjectNode();
		wrapper.set(DATA, value);
		return PythonJson.write(wrapper).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Wrap a value a packet codec has already written as JSON.
	 * @param json the value's JSON
	 * @return {@code {"data": value}} as peerpy writes it
	 * @throws IllegalArgumentException if the bytes are not JSON
	 */
	public byte[] wrapJson(byte[] json) {
		try {
			return wrap(this.mapper.readTree(json));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Value to send to a peerpy json connection is not JSON: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Unwrap a received payload.
	 * @param payload the DATA payload
	 * @return the value of its {@code data} member (a JSON null node for {@code null})
	 * @throws PeerpyProtocolException if the payload is not a JSON object with a {@code data} member
	 */
	public JsonNode unwrap(byte[] payload) throws PeerpyProtocolException {
		JsonNode root;
		try {
			root = this.mapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_JSON,
					"peerpy json payload of " + payload.length + " bytes is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.has(DATA)) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_JSON,
					"peerpy json payload of " + payload.length + " bytes is not an object with a 'data' member");
		}
		return root.get(DATA);
	}

	/**
	 * Unwrap a received payload into the JSON a packet codec reads.
	 * @param payload the DATA payload
	 * @return the {@code data} member as compact UTF-8 JSON
	 * @throws PeerpyProtocolException if the payload is not a JSON object with a {@code data} member
	 */
	public byte[] unwrapJson(byte[] payload) throws PeerpyProtocolException {
		return this.mapper.writeValueAsBytes(unwrap(payload));
	}

}
