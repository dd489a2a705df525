package dev.p2p.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Helpers shared by the codecs of control-frame payloads (here and in {@code dev.p2p.reach}):
 * little-endian buffers, bounds checks that name the problem, and UTF-8 text cut to a byte
 * limit.
 */
public final class Payloads {

	private Payloads() {
	}

	/**
	 * UTF-8 bytes of a text, at most {@code maxBytes}, cut on a character boundary.
	 * @param text the text ({@code null} becomes "null")
	 * @param maxBytes the limit
	 * @return the bytes
	 */
	public static byte[] cut(String text, int maxBytes) {
		byte[] bytes = String.valueOf(text).getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return bytes;
		}
		// drop the continuation bytes of a character the limit splits
		int end = maxBytes;
		while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		return Arrays.copyOf(bytes, end);
	}

	/**
	 * Fail with the problem unless the condition holds.
	 * @param condition what must hold
	 * @param problem what is wrong otherwise
	 * @throws IllegalArgumentException naming the problem
	 */
	public static void check(boolean condition, String problem) {
		if (!condition) {
			throw new IllegalArgumentException(problem);
		}
	}

	/**
	 * A little-endian buffer to write a payload into.
	 * @param size the payload's size
	 * @return the buffer
	 */
	public static ByteBuffer buffer(int size) {
		return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * A little-endian view of a payload.
	 * @param payload the payload
	 * @return the buffer
	 */
	public static ByteBuffer wrap(byte[] payload) {
		return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
	}

}
