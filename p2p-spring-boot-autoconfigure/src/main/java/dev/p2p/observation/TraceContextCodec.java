package dev.p2p.observation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Reads and writes the payload of a TRACE control frame: a JSON object of string fields as a
 * tracing propagator writes them (for example {@code traceparent}), at most
 * {@value #MAX_FIELDS} fields and {@value #MAX_PAYLOAD_SIZE} bytes.
 */
public final class TraceContextCodec {

	private static final Log logger = LogFactory.getLog(TraceContextCodec.class);

	/** Largest TRACE payload accepted. */
	public static final int MAX_PAYLOAD_SIZE = 8 * 1024;

	/** Most fields accepted. */
	public static final int MAX_FIELDS = 32;

	private final JsonMapper mapper = JsonMapper.builder().build();

	/**
	 * Encode propagated fields as a TRACE frame, within the limits a receiver enforces: a
	 * context over them is not sent (the packet travels without it, and the receiver starts a
	 * new trace) rather than sent for the receiver to reject.
	 * @param fields the fields
	 * @return the frame, or {@code null} when there is nothing to propagate or too much
	 */
	public @Nullable Frame encode(Map<String, String> fields) {
		if (fields.isEmpty()) {
			return null;
		}
		if (fields.size() > MAX_FIELDS) {
			tooLarge(fields.size() + " fields, more than " + MAX_FIELDS);
			return null;
		}
		ObjectNode node = this.mapper.createObjectNode();
		fields.forEach(node::put);
		byte[] payload = this.mapper.writeValueAsBytes(node);
		if (payload.length > MAX_PAYLOAD_SIZE) {
			tooLarge(payload.length + " bytes, more than " + MAX_PAYLOAD_SIZE);
			return null;
		}
		return new Frame(ControlCode.TRACE, payload);
	}

	private static void tooLarge(String problem) {
		if (logger.isDebugEnabled()) {
			logger.debug("Trace context not propagated: " + problem);
		}
	}

	/**
	 * Decode the payload of a TRACE frame.
	 * @param payload the payload
	 * @return the fields, in their order
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public Map<String, String> decode(byte[] payload) {
		if (payload.length > MAX_PAYLOAD_SIZE) {
			throw new IllegalArgumentException("trace context of " + payload.length + " bytes exceeds "
					+ MAX_PAYLOAD_SIZE);
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("trace context is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("trace context is not a JSON object");
		}
		if (root.size() > MAX_FIELDS) {
			throw new IllegalArgumentException("trace context has " + root.size() + " fields, more than " + MAX_FIELDS);
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : root.properties()) {
			if (!field.getValue().isString()) {
				throw new IllegalArgumentException("trace context field '" + field.getKey() + "' is not a string");
			}
			fields.put(field.getKey(), field.getValue().asString());
		}
		return Collections.unmodifiableMap(fields);
	}

}
