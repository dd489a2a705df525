package dev.p2p.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static dev.p2p.wire.Payloads.buffer;
import static dev.p2p.wire.Payloads.check;
import static dev.p2p.wire.Payloads.cut;
import static dev.p2p.wire.Payloads.wrap;

/**
 * Payloads of the REQUEST, REPLY and ERROR control frames (docs/PROTOCOL.md §9), little-endian
 * like the frame header:
 * <ul>
 * <li>REQUEST: {@code u32 id}, {@code u32} type code of the request's frame</li>
 * <li>REPLY: {@code u32 id}, {@code u8 1} if the reply's application frame follows ({@code 0}
 * for a request answered with nothing), {@code u32} type code of that frame (0 if none)</li>
 * <li>ERROR: {@code u32 id}, {@code u16 length} and UTF-8 of the exception's type, then the
 * UTF-8 message to the end</li>
 * </ul>
 */
public final class RequestEnvelopes {

	/** Longest exception type name kept. */
	public static final int MAX_ERROR_TYPE_LENGTH = 256;

	/** Longest error message kept, in bytes. */
	public static final int MAX_ERROR_MESSAGE_LENGTH = 4096;

	private RequestEnvelopes() {
	}

	/**
	 * The REQUEST frame of a request.
	 * @param id the request's id
	 * @param typeCode type code of the request's frame, which follows
	 * @return the frame
	 */
	public static Frame request(int id, int typeCode) {
		return new Frame(ControlCode.REQUEST, buffer(8).putInt(id).putInt(typeCode).array());
	}

	/**
	 * The REPLY frame of a request.
	 * @param id the request's id
	 * @param reply the reply's frame, which follows, or {@code null} to answer with nothing
	 * @return the frame
	 */
	public static Frame reply(int id, Frame reply) {
		return new Frame(ControlCode.REPLY, buffer(9).putInt(id)
			.put((byte) ((reply != null) ? 1 : 0))
			.putInt((reply != null) ? reply.type() : 0)
			.array());
	}

	/**
	 * The ERROR frame of a request.
	 * @param id the request's id
	 * @param type the remote exception's type, cut to {@value #MAX_ERROR_TYPE_LENGTH} bytes
	 * @param message its message, cut to {@value #MAX_ERROR_MESSAGE_LENGTH} bytes
	 * @return the frame
	 */
	public static Frame error(int id, String type, String message) {
		byte[] typeBytes = cut(type, MAX_ERROR_TYPE_LENGTH);
		byte[] messageBytes = cut(message, MAX_ERROR_MESSAGE_LENGTH);
		return new Frame(ControlCode.ERROR, buffer(6 + typeBytes.length + messageBytes.length).putInt(id)
			.putShort((short) typeBytes.length)
			.put(typeBytes)
			.put(messageBytes)
			.array());
	}

	/**
	 * The request id of a REQUEST, REPLY or ERROR payload.
	 * @param payload the payload
	 * @return the id
	 * @throws IllegalArgumentException if the payload is too short
	 */
	public static int idOf(byte[] payload) {
		check(payload.length >= 4, "a request envelope needs a 4-byte id, got " + payload.length + " bytes");
		return wrap(payload).getInt();
	}

	/**
	 * Whether a REPLY announces an application frame.
	 * @param payload the REPLY payload
	 * @return {@code true} if the reply's frame follows
	 * @throws IllegalArgumentException if the payload is not 9 bytes
	 */
	public static boolean replyFrameFollows(byte[] payload) {
		check(payload.length == 9, "REPLY payload must be 9 bytes, got " + payload.length);
		byte flag = payload[4];
		check(flag == 0 || flag == 1, "REPLY flag must be 0 or 1, got " + flag);
		return flag == 1;
	}

	/**
	 * The type code of the frame a REQUEST or REPLY announces.
	 * @param envelope a REQUEST or REPLY frame
	 * @return the type code
	 * @throws IllegalArgumentException if the payload is malformed
	 */
	public static int announcedType(Frame envelope) {
		byte[] payload = envelope.payload();
		if (envelope.type() == ControlCode.REQUEST) {
			check(payload.length == 8, "REQUEST payload must be 8 bytes, got " + payload.length);
			return wrap(payload).getInt(4);
		}
		replyFrameFollows(payload);
		return wrap(payload).getInt(5);
	}

	/**
	 * The exception type named by an ERROR payload.
	 * @param payload the ERROR payload
	 * @return the type name
	 * @throws IllegalArgumentException if the payload is malformed
	 */
	public static String errorType(byte[] payload) {
		ByteBuffer buffer = errorBuffer(payload);
		int length = Short.toUnsignedInt(buffer.getShort());
		return new String(payload, 6, length, StandardCharsets.UTF_8);
	}

	/**
	 * The message of an ERROR payload.
	 * @param payload the ERROR payload
	 * @return the message
	 * @throws IllegalArgumentException if the payload is malformed
	 */
	public static String errorMessage(byte[] payload) {
		ByteBuffer buffer = errorBuffer(payload);
		int start = 6 + Short.toUnsignedInt(buffer.getShort());
		return new String(payload, start, payload.length - start, StandardCharsets.UTF_8);
	}

	private static ByteBuffer errorBuffer(byte[] payload) {
		check(payload.length >= 6, "ERROR payload needs at least 6 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		buffer.getInt();
		int typeLength = Short.toUnsignedInt(buffer.getShort(4));
		check(6 + typeLength <= payload.length, "ERROR type length " + typeLength + " runs past the payload");
		return buffer;
	}

}
