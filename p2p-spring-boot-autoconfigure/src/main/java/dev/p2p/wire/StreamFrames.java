package dev.p2p.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.p2p.wire.Payloads.buffer;
import static dev.p2p.wire.Payloads.check;
import static dev.p2p.wire.Payloads.cut;
import static dev.p2p.wire.Payloads.wrap;

/**
 * Payloads of the stream control frames (docs/PROTOCOL.md §12), little-endian like the frame
 * header. Every payload starts with the stream's {@code u32 id}, chosen by the stream's sender;
 * each direction of a connection has its own ids.
 * <ul>
 * <li>STREAM_OPEN: {@code u32 id}, {@code u32} packet type code, {@code u64} declared size
 * ({@value #UNKNOWN_SIZE} as signed for "unknown"), {@code u16 n} and {@code n} bytes UTF-8
 * name (at most {@value #MAX_NAME_LENGTH})</li>
 * <li>STREAM_CHUNK: {@code u32 id}, then 1 or more data bytes</li>
 * <li>STREAM_CREDIT: {@code u32 id}, {@code u32} bytes of further credit (1 or more)</li>
 * <li>STREAM_END: {@code u32 id}, {@code u64} total length, 32 bytes SHA-256 of the data</li>
 * <li>STREAM_DONE: {@code u32 id}</li>
 * <li>STREAM_CANCEL: {@code u32 id}, {@code u8} who cancels ({@value #BY_SENDER}: the stream's
 * sender, {@value #BY_RECEIVER}: its receiver), {@code u8} why ({@value #CANCELLED},
 * {@value #REJECTED}, {@value #INTEGRITY}, {@value #TIMEOUT}; other values read as
 * {@value #CANCELLED}), UTF-8 reason to the end (at most {@value #MAX_REASON_LENGTH} bytes)</li>
 * </ul>
 * Readers throw {@link IllegalArgumentException} naming what is wrong with a payload.
 */
public final class StreamFrames {

	/** Declared size of a stream whose length is not known up front. */
	public static final long UNKNOWN_SIZE = -1;

	/** Longest stream name, in UTF-8 bytes. */
	public static final int MAX_NAME_LENGTH = 1024;

	/** Longest cancel reason, in UTF-8 bytes. */
	public static final int MAX_REASON_LENGTH = 512;

	/** Bytes of a STREAM_CHUNK payload before the data. */
	public static final int CHUNK_HEADER_SIZE = 4;

	/** Largest data a STREAM_CHUNK can carry: control frames are at most 64 KiB. */
	public static final int MAX_CHUNK_DATA = FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE - CHUNK_HEADER_SIZE;

	/** Length of a SHA-256 digest. */
	public static final int DIGEST_LENGTH = 32;

	/** STREAM_CANCEL from the stream's sender. */
	public static final int BY_SENDER = 0;

	/** STREAM_CANCEL from the stream's receiver. */
	public static final int BY_RECEIVER = 1;

	/** STREAM_CANCEL reason code: the application, a listener or the data source gave up. */
	public static final int CANCELLED = 1;

	/** STREAM_CANCEL reason code: the receiver refused the stream (no listener, too many streams). */
	public static final int REJECTED = 2;

	/** STREAM_CANCEL reason code: the received length or SHA-256 does not match STREAM_END. */
	public static final int INTEGRITY = 3;

	/** STREAM_CANCEL reason code: no progress within the idle timeout. */
	public static final int TIMEOUT = 4;

	private StreamFrames() {
	}

	/**
	 * What a STREAM_OPEN says.
	 * @param id the stream's id
	 * @param typeCode packet type code of the stream
	 * @param size declared size in bytes, {@link #UNKNOWN_SIZE} if not known
	 * @param name the stream's name, empty if it has none
	 */
	public record Open(int id, int typeCode, long size, String name) {
	}

	/**
	 * What a STREAM_END says.
	 * @param id the stream's id
	 * @param length total data bytes sent
	 * @param sha256 SHA-256 of the data
	 */
	public record End(int id, long length, byte[] sha256) {
	}

	/**
	 * What a STREAM_CANCEL says.
	 * @param id the stream's id
	 * @param bySender whether the stream's sender cancels (otherwise its receiver)
	 * @param code why, as a reason code ({@link #CANCELLED}, {@link #REJECTED}, {@link #INTEGRITY},
	 * {@link #TIMEOUT})
	 * @param reason why, in words
	 */
	public record Cancel(int id, boolean bySender, int code, String reason) {
	}

	/**
	 * A STREAM_OPEN frame.
	 * @param id the stream's id
	 * @param typeCode packet type code of the stream
	 * @param size declared size, {@link #UNKNOWN_SIZE} if not known
	 * @param name the stream's name (cut to {@value #MAX_NAME_LENGTH} bytes), empty for none
	 * @return the frame
	 */
	public static Frame open(int id, int typeCode, long size, String name) {
		byte[] nameBytes = cut(name, MAX_NAME_LENGTH);
		return new Frame(ControlCode.STREAM_OPEN, buffer(18 + nameBytes.length).putInt(id)
			.putInt(typeCode)
			.putLong(size)
			.putShort((short) nameBytes.length)
			.put(nameBytes)
			.array());
	}

	/**
	 * A STREAM_CHUNK frame carrying a copy of some data.
	 * @param id the stream's id
	 * @param data the buffer
	 * @param offset where the data starts
	 * @param length how many bytes, 1 to {@value #MAX_CHUNK_DATA}
	 * @return the frame
	 */
	public static Frame chunk(int id, byte[] data, int offset, int length) {
		check(length >= 1 && length <= MAX_CHUNK_DATA, "a chunk carries 1 to " + MAX_CHUNK_DATA + " bytes, not " + length);
		byte[] payload = new byte[CHUNK_HEADER_SIZE + length];
		FrameFormat.writeIntLE(payload, 0, id);
		System.arraycopy(data, offset, payload, CHUNK_HEADER_SIZE, length);
		return new Frame(ControlCode.STREAM_CHUNK, payload);
	}

	/**
	 * A STREAM_CREDIT frame.
	 * @param id the stream's id
	 * @param bytes further bytes the sender may send, 1 or more
	 * @return the frame
	 */
	public static Frame credit(int id, int bytes) {
		check(bytes >= 1, "credit must be positive, not " + bytes);
		return new Frame(ControlCode.STREAM_CREDIT, buffer(8).putInt(id).putInt(bytes).array());
	}

	/**
	 * A STREAM_END frame.
	 * @param id the stream's id
	 * @param length total data bytes
	 * @param sha256 SHA-256 of the data
	 * @return the frame
	 */
	public static Frame end(int id, long length, byte[] sha256) {
		check(sha256.length == DIGEST_LENGTH, "SHA-256 has 32 bytes, not " + sha256.length);
		return new Frame(ControlCode.STREAM_END, buffer(12 + DIGEST_LENGTH).putInt(id).putLong(length).put(sha256).array());
	}

	/**
	 * A STREAM_DONE frame.
	 * @param id the stream's id
	 * @return the frame
	 */
	public static Frame done(int id) {
		return new Frame(ControlCode.STREAM_DONE, buffer(4).putInt(id).array());
	}

	/**
	 * A STREAM_CANCEL frame.
	 * @param id the stream's id
	 * @param bySender whether the stream's sender cancels (otherwise its receiver)
	 * @param code the reason code
	 * @param reason why, cut to {@value #MAX_REASON_LENGTH} bytes
	 * @return the frame
	 */
	public static Frame cancel(int id, boolean bySender, int code, String reason) {
		byte[] reasonBytes = cut(reason, MAX_REASON_LENGTH);
		return new Frame(ControlCode.STREAM_CANCEL, buffer(6 + reasonBytes.length).putInt(id)
			.put((byte) (bySender ? BY_SENDER : BY_RECEIVER))
			.put((byte) code)
			.put(reasonBytes)
			.array());
	}

	/**
	 * The stream id every stream frame starts with.
	 * @param payload a stream frame's payload
	 * @return the id
	 * @throws IllegalArgumentException if the payload is shorter than 4 bytes
	 */
	public static int idOf(byte[] payload) {
		check(payload.length >= 4, "a stream frame needs a 4-byte stream id, got " + payload.length + " bytes");
		return FrameFormat.readIntLE(payload, 0);
	}

	/**
	 * Read a STREAM_OPEN payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Open readOpen(byte[] payload) {
		check(payload.length >= 18, "STREAM_OPEN payload needs at least 18 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		int id = buffer.getInt();
		int type = buffer.getInt();
		long size = buffer.getLong();
		check(size >= 0 || size == UNKNOWN_SIZE, "STREAM_OPEN size " + Long.toUnsignedString(size)
				+ " is neither a length below 2^63 nor 'unknown' (all ones)");
		int nameLength = Short.toUnsignedInt(buffer.getShort());
		check(nameLength <= MAX_NAME_LENGTH, "STREAM_OPEN name of " + nameLength + " bytes is longer than "
				+ MAX_NAME_LENGTH);
		check(18 + nameLength == payload.length, "STREAM_OPEN name length " + nameLength + " does not match the "
				+ payload.length + "-byte payload");
		return new Open(id, type, size, new String(payload, 18, nameLength, StandardCharsets.UTF_8));
	}

	/**
	 * Number of data bytes in a STREAM_CHUNK payload.
	 * @param payload the payload
	 * @return data bytes, after the {@value #CHUNK_HEADER_SIZE}-byte header
	 */
	public static int chunkLength(byte[] payload) {
		check(payload.length > CHUNK_HEADER_SIZE, "STREAM_CHUNK payload needs a stream id and at least one data byte, got "
				+ payload.length + " bytes");
		return payload.length - CHUNK_HEADER_SIZE;
	}

	/**
	 * Credit granted by a STREAM_CREDIT payload.
	 * @param payload the payload
	 * @return bytes, 1 or more
	 */
	public static int readCredit(byte[] payload) {
		check(payload.length == 8, "STREAM_CREDIT payload must be 8 bytes, got " + payload.length);
		int bytes = FrameFormat.readIntLE(payload, 4);
		check(bytes >= 1, "STREAM_CREDIT must grant 1 to 2^31-1 bytes, not " + Integer.toUnsignedString(bytes));
		return bytes;
	}

	/**
	 * Read a STREAM_END payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static End readEnd(byte[] payload) {
		check(payload.length == 12 + DIGEST_LENGTH, "STREAM_END payload must be 44 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		int id = buffer.getInt();
		long length = buffer.getLong();
		check(length >= 0, "STREAM_END length " + Long.toUnsignedString(length) + " is above 2^63-1");
		return new End(id, length, Arrays.copyOfRange(payload, 12, payload.length));
	}

	/**
	 * Check a STREAM_DONE payload.
	 * @param payload the payload
	 * @return the stream id
	 */
	public static int readDone(byte[] payload) {
		check(payload.length == 4, "STREAM_DONE payload must be 4 bytes, got " + payload.length);
		return FrameFormat.readIntLE(payload, 0);
	}

	/**
	 * Read a STREAM_CANCEL payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Cancel readCancel(byte[] payload) {
		check(payload.length >= 6, "STREAM_CANCEL payload needs at least 6 bytes, got " + payload.length);
		int by = payload[4];
		check(by == BY_SENDER || by == BY_RECEIVER, "STREAM_CANCEL side must be 0 or 1, got " + by);
		int code = payload[5] & 0xFF;
		if (code < CANCELLED || code > TIMEOUT) {
			code = CANCELLED;
		}
		int length = Math.min(payload.length - 6, MAX_REASON_LENGTH);
		return new Cancel(FrameFormat.readIntLE(payload, 0), by == BY_SENDER, code,
				new String(payload, 6, length, StandardCharsets.UTF_8));
	}

}
