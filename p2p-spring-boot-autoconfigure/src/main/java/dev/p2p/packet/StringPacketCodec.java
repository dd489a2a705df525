package dev.p2p.packet;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Codec {@code string}: payloads are UTF-8 text.
 */
public final class StringPacketCodec implements PacketCodec {

	/** Name in configuration. */
	public static final String NAME = "string";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean canDecode(Type type) {
		return type == String.class || type == CharSequence.class || type == Object.class;
	}

	@Override
	public byte[] encode(Object payload) {
		if (payload instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		throw new PacketCodecException(
				"Codec 'string' sends CharSequence payloads, not " + payload.getClass().getName(), null);
	}

	@Override
	public Object decode(byte[] payload, Type type) {
		return new String(payload, StandardCharsets.UTF_8);
	}

}
