package dev.p2p.wire;

/**
 * Receives what a {@link FrameDecoder} reads from a stream, in stream order.
 */
public interface FrameSink {

	/**
	 * A complete frame of an accepted type.
	 * @param frame the frame
	 */
	void onFrame(Frame frame);

	/**
	 * A frame of a type the decoder does not accept; its payload was skipped, so the stream
	 * stays in step.
	 * @param type the unaccepted type code
	 * @param length the payload length that was skipped
	 */
	void onUnknownType(int type, int length);

}
