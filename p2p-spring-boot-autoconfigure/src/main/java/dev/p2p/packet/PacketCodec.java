package dev.p2p.packet;

import java.lang.reflect.Type;

/**
 * Turns payload objects into bytes and back. Declare a bean of this type to add a codec; name it
 * in {@code p2p.codec.default} or {@code p2p.codec.types.<TYPE>}. Codecs never use Java native
 * serialization on network input.
 */
public interface PacketCodec {

	/**
	 * Name used in configuration, such as {@code json}.
	 * @return the codec's name
	 */
	String name();

	/**
	 * Whether payloads can be decoded into the given type. Checked once per listener at start-up.
	 * @param type the listener parameter type
	 * @return {@code true} if {@link #decode} supports it
	 */
	boolean canDecode(Type type);

	/**
	 * Encode a payload.
	 * @param payload the object to send
	 * @return its bytes
	 * @throws PacketCodecException if the object cannot be encoded
	 */
	byte[] encode(Object payload);

	/**
	 * Decode a payload.
	 * @param payload the received bytes
	 * @param type the target type (one for which {@link #canDecode} returned {@code true})
	 * @return the decoded object
	 * @throws PacketCodecException if the bytes do not decode
	 */
	Object decode(byte[] payload, Type type);

}
