package dev.p2p.wire;

import java.util.Objects;

/**
 * One frame as it travels on the wire: a 32-bit type code and its payload.
 *
 * <p>The type is kept as the raw 32 bits of the unsigned little-endian header field, so
 * control codes at the top of the unsigned range read as negative {@code int} values.
 *
 * @param type the type code (unsigned 32 bits held in an {@code int})
 * @param payload the payload bytes, never {@code null}; not copied, so do not modify it
 */
public record Frame(int type, byte[] payload) {

	/** Empty payload shared by frames that carry none. */
	public static final byte[] EMPTY = new byte[0];

	public Frame {
		Objects.requireNonNull(payload, "payload must not be null");
	}

	/**
	 * Number of bytes this frame occupies on the wire, header included.
	 * @return header size plus payload length
	 */
	public int wireSize() {
		return FrameFormat.HEADER_SIZE + this.payload.length;
	}

	@Override
	public String toString() {
		return "Frame[type=" + Integer.toUnsignedString(this.type) + ", length=" + this.payload.length + "]";
	}

}
