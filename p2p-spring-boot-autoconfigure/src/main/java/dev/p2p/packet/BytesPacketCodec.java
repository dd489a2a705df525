package dev.p2p.packet;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

/**
 * Codec {@code bytes}: payloads are {@code byte[]} (or a {@link ByteBuffer}) passed as they are.
 */
public final class BytesPacketCodec implements PacketCodec {

	/** Name in configuration. */
	public static final String NAME = "bytes";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean canDecode(Type type) {
		return type == byte[].class || type == ByteBuffer.class || type == Object.class;
	}

	@Override
	public byte[] encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			return bytes;
		}
		throw new PacketCodecException("Codec 'bytes' sends byte[] or ByteBuffer payloads, not "
				+ payload.getClass().getName(), null);
	}

	@Override
	public Object decode(byte[] payload, Type type) {
		return (type == ByteBuffer.class) ? ByteBuffer.wrap(payload).asReadOnlyBuffer() : payload;
	}

}
