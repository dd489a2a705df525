package dev.p2p.packet;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Codec {@code json}: payloads are UTF-8 JSON written and read by Jackson 3. Records, POJOs,
 * collections and maps are supported; polymorphic typing from the payload is not enabled, so a
 * peer cannot choose which class gets instantiated.
 */
public final class JsonPacketCodec implements PacketCodec {

	/** Name in configuration. */
	public static final String NAME = "json";

	private final JsonMapper mapper;

	/**
	 * Create the codec.
	 * @param mapper the Jackson mapper to use
	 */
	public JsonPacketCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean canDecode(Type type) {
		return true;
	}

	@Override
	public byte[] encode(Object payload) {
		try {
			return this.mapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new PacketCodecException(
					"Codec 'json' cannot write " + payload.getClass().getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object decode(byte[] payload, Type type) {
		JavaType javaType = this.mapper.constructType(type);
		try {
			return this.mapper.readValue(payload, javaType);
		}
		catch (JacksonException ex) {
			throw new PacketCodecException(
					"Codec 'json' cannot read the payload as " + javaType.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
