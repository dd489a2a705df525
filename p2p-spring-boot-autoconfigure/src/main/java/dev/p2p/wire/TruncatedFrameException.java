package dev.p2p.wire;

/**
 * The stream ended in the middle of a frame.
 */
public class TruncatedFrameException extends FrameDecodingException {

	private final int type;

	/**
	 * Create an exception for a frame whose header was cut, so its type is not known.
	 * @param expected bytes the header needed
	 * @param read bytes that arrived before the end of the stream
	 */
	public TruncatedFrameException(int expected, int read) {
		super("truncated", "Stream ended in the middle of a frame header: expected " + expected + " bytes, got " + read);
		this.type = 0;
	}

	/**
	 * Create an exception for a frame whose payload was cut.
	 * @param type the frame's type code
	 * @param expected bytes the payload needed
	 * @param read bytes that arrived before the end of the stream, or -1 if not known
	 * @param part which part of the frame was cut, for the message
	 */
	public TruncatedFrameException(int type, int expected, int read, String part) {
		super("truncated", "Stream ended in the middle of the " + part + " of a frame of type " + ControlCode.describe(type)
				+ ": expected " + expected + " bytes, got " + ((read >= 0) ? String.valueOf(read) : "fewer"));
		this.type = type;
	}

	/**
	 * The type code of the cut frame.
	 * @return the code, or 0 if the header itself was cut
	 */
	public int getType() {
		return this.type;
	}

}
