package dev.p2p.delivery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Reads and writes the frames of acknowledged delivery (docs/PROTOCOL.md §16), little-endian
 * like the frame header:
 *
 * <pre>
 * ACK    (0xFFFFFF1A), 8 bytes:  | position u64 |
 * RESUME (0xFFFFFF1B), 40 bytes: | session 16 bytes | peer session 16 bytes | received u64 |
 * </pre>
 *
 * A payload of another length, or a position above 2^63-1, is malformed.
 */
public final class DeliveryFrames {

	/** Payload length of an ACK. */
	public static final int ACK_LENGTH = 8;

	/** Payload length of a RESUME. */
	public static final int RESUME_LENGTH = 40;

	/** The id of no session (all zeros). */
	public static final UUID NO_SESSION = new UUID(0, 0);

	private DeliveryFrames() {
	}

	/**
	 * An ACK frame.
	 * @param position the last position handled, at least 0
	 * @return the frame
	 */
	public static Frame ack(long position) {
		requirePosition(position);
		return new Frame(ControlCode.ACK, buffer(ACK_LENGTH).putLong(position).array());
	}

	/**
	 * The position of an ACK.
	 * @param payload the payload
	 * @return the position
	 * @throws IllegalArgumentException if the payload is not {@value #ACK_LENGTH} bytes or the
	 * position is negative as a signed 64-bit number
	 */
	public static long readAck(byte[] payload) {
		requireLength("ACK", payload, ACK_LENGTH);
		return requirePosition(wrap(payload).getLong());
	}

	/**
	 * A RESUME frame.
	 * @param resume what it says
	 * @return the frame
	 */
	public static Frame resume(Resume resume) {
		ByteBuffer buffer = buffer(RESUME_LENGTH);
		buffer.putLong(resume.session().getMostSignificantBits()).putLong(resume.session().getLeastSignificantBits());
		buffer.putLong(resume.peerSession().getMostSignificantBits())
			.putLong(resume.peerSession().getLeastSignificantBits());
		buffer.putLong(requirePosition(resume.received()));
		return new Frame(ControlCode.RESUME, buffer.array());
	}

	/**
	 * Parse a RESUME.
	 * @param payload the payload
	 * @return what it says
	 * @throws IllegalArgumentException if it is not {@value #RESUME_LENGTH} bytes or its position
	 * is out of range
	 */
	public static Resume readResume(byte[] payload) {
		requireLength("RESUME", payload, RESUME_LENGTH);
		ByteBuffer buffer = wrap(payload);
		UUID session = new UUID(buffer.getLong(), buffer.getLong());
		UUID peer = new UUID(buffer.getLong(), buffer.getLong());
		return new Resume(session, peer, requirePosition(buffer.getLong()));
	}

	private static void requireLength(String name, byte[] payload, int length) {
		if (payload.length != length) {
			throw new IllegalArgumentException(name + " payload must be " + length + " bytes, got " + payload.length);
		}
	}

	private static long requirePosition(long position) {
		if (position < 0) {
			throw new IllegalArgumentException("position must be 0 to 2^63-1, got " + Long.toUnsignedString(position));
		}
		return position;
	}

	private static ByteBuffer buffer(int length) {
		return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static ByteBuffer wrap(byte[] payload) {
		return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * What a RESUME says.
	 *
	 * @param session the sender's id of its side of the session
	 * @param peerSession the id the sender last learned of the receiver's side, or
	 * {@link #NO_SESSION}
	 * @param received the last position the sender's listeners handled in that session
	 */
	public record Resume(UUID session, UUID peerSession, long received) {
	}

}
