package dev.p2p.wire;

/**
 * A frame header announced a payload longer than the configured maximum. The payload is never
 * allocated or read.
 */
public class FrameTooLargeException extends FrameDecodingException {

	private final int type;

	private final long length;

	private final int maxPayloadSize;

	/**
	 * Create an exception.
	 * @param type the frame's type code
	 * @param length the announced payload length (unsigned)
	 * @param maxPayloadSize the configured limit
	 */
	public FrameTooLargeException(int type, long length, int maxPayloadSize) {
		super("oversize", "Frame of type " + ControlCode.describe(type) + " announces a payload of " + length
				+ " bytes, more than the limit of " + maxPayloadSize + " bytes");
		this.type = type;
		this.length = length;
		this.maxPayloadSize = maxPayloadSize;
	}

	/**
	 * Type code of the frame.
	 * @return the type code as raw 32 bits
	 */
	public int getType() {
		return this.type;
	}

	/**
	 * Announced payload length.
	 * @return the length in bytes
	 */
	public long getLength() {
		return this.length;
	}

	/**
	 * Configured maximum payload size.
	 * @return the limit in bytes
	 */
	public int getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

}
