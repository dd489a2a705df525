package dev.p2p.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The rules every peer applies to ids (node ids, network ids, instance ids, hosts): in HELLO and
 * ACCEPT, and in the binary payloads that write an id as a one-byte length and its UTF-8 bytes
 * (discovery adverts, built-in command replies).
 */
public final class PeerIds {

	/** Longest node id, network id or instance id accepted. */
	public static final int MAX_ID_LENGTH = 128;

	private PeerIds() {
	}

	/**
	 * An id's UTF-8 bytes for the binary payloads that prefix it with a one-byte length
	 * (discovery adverts, built-in command replies).
	 * @param id the id
	 * @return the bytes (without the length), or {@code null} if they are more than 255
	 */
	public static byte @Nullable [] shortIdBytes(String id) {
		byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
		return (bytes.length <= 255) ? bytes : null;
	}

	/**
	 * Read an id written as a one-byte length and its UTF-8 bytes, and check it like the ids of
	 * HELLO and ACCEPT.
	 * @param buffer positioned at the length
	 * @param name what the id is, for the message
	 * @param required whether it must not be empty
	 * @return the id
	 * @throws IllegalArgumentException naming what is wrong with it
	 * @throws java.nio.BufferUnderflowException if the buffer ends inside it
	 */
	public static String readShortId(ByteBuffer buffer, String name, boolean required) {
		byte[] bytes = new byte[Byte.toUnsignedInt(buffer.get())];
		buffer.get(bytes);
		String value = new String(bytes, StandardCharsets.UTF_8);
		String problem = checkId(value, required);
		if (problem != null) {
			throw new IllegalArgumentException(name + " " + problem);
		}
		return value;
	}

	/**
	 * Check an id (node id, network id, host) against the rules every peer applies to HELLO
	 * and ACCEPT, so that a node can refuse to start with an id its peers would reject.
	 * @param value the id
	 * @param required whether it must not be empty
	 * @return what is wrong, or {@code null} if the id is valid
	 */
	public static @Nullable String checkId(@Nullable String value, boolean required) {
		if (value == null || (required && value.isEmpty())) {
			return "must not be empty";
		}
		if (value.length() > MAX_ID_LENGTH) {
			return "is " + value.length() + " characters long, more than the limit of " + MAX_ID_LENGTH;
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				return "contains a control character";
			}
		}
		return null;
	}

}
