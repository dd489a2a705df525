package dev.p2p.wire;

/**
 * The dpea-p2p frame layout shared by every frame in both directions.
 *
 * <pre>
 *  0               4               8
 * +---------------+---------------+------------------------+
 * | type: u32 LE  | length: u32 LE| payload (length bytes) |
 * +---------------+---------------+------------------------+
 * </pre>
 *
 * The Python original packs the header with {@code struct.pack("<II", type, length)}.
 */
public final class FrameFormat {

	/** Size of the frame header in bytes: type and length, four bytes each. */
	public static final int HEADER_SIZE = 8;

	private FrameFormat() {
	}

	/**
	 * Write a header into {@code buffer} at {@code offset}.
	 * @param buffer the destination
	 * @param offset where the eight header bytes start
	 * @param type the type code
	 * @param length the payload length
	 */
	public static void writeHeader(byte[] buffer, int offset, int type, int length) {
		writeIntLE(buffer, offset, type);
		writeIntLE(buffer, offset + 4, length);
	}

	/**
	 * Read a little-endian 32-bit value.
	 * @param buffer the source
	 * @param offset where the four bytes start
	 * @return the value as the raw 32 bits of an {@code int}
	 */
	public static int readIntLE(byte[] buffer, int offset) {
		return (buffer[offset] & 0xFF) | (buffer[offset + 1] & 0xFF) << 8 | (buffer[offset + 2] & 0xFF) << 16
				| (buffer[offset + 3] & 0xFF) << 24;
	}

	static void writeIntLE(byte[] buffer, int offset, int value) {
		buffer[offset] = (byte) value;
		buffer[offset + 1] = (byte) (value >>> 8);
		buffer[offset + 2] = (byte) (value >>> 16);
		buffer[offset + 3] = (byte) (value >>> 24);
	}

}
