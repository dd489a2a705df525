package dev.p2p.wire;

/**
 * The stream ended in the middle of a frame.
 */
public class TruncatedFrameException extends FrameDecodingException {

	/**
	 * Create an exception.
	 * @param expected bytes the frame still needed
	 * @param read bytes that arrived before the end of the stream
	 * @param part which part of the frame was cut ("header" or "payload")
	 */
	public TruncatedFrameException(int expected, int read, String part) {
		super("truncated", "Stream ended in the middle of a frame " + part + ": expected " + expected
				+ " bytes, got " + read);
	}

	/**
	 * Create an exception when the number of bytes read is not known.
	 * @param expected bytes the frame still needed
	 * @param part which part of the frame was cut
	 */
	public TruncatedFrameException(int expected, String part) {
		super("truncated", "Stream ended in the middle of a frame " + part + ": expected " + expected
				+ " bytes, got fewer");
	}

}
