package dev.p2p.transport;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameSink;

/**
 * The frames one read produced: every complete frame that was already buffered, plus the
 * frames of unknown type that were skipped on the way.
 */
public final class InboundFrames implements FrameSink {

	private final List<Frame> frames = new ArrayList<>();

	private List<SkippedFrame> skipped = List.of();

	private @Nullable FrameDecodingException failure;

	@Override
	public void onFrame(Frame frame) {
		this.frames.add(frame);
	}

	@Override
	public void onUnknownType(int type, int length) {
		if (this.skipped.isEmpty()) {
			this.skipped = new ArrayList<>(2);
		}
		this.skipped.add(new SkippedFrame(type, length, this.frames.size()));
	}

	/**
	 * Frames of accepted types, in stream order.
	 * @return the frames
	 */
	public List<Frame> frames() {
		return this.frames;
	}

	/**
	 * Frames of unknown type whose payload was skipped.
	 * @return the skipped frames, usually empty
	 */
	public List<SkippedFrame> skipped() {
		return this.skipped;
	}

	/**
	 * Why decoding stopped after the frames of this batch, if it did: the frames before the
	 * bad one are still delivered, then the connection is closed with this cause.
	 * @return the decoding failure, or {@code null}
	 */
	public @Nullable FrameDecodingException failure() {
		return this.failure;
	}

	/**
	 * Record that decoding stopped after these frames (for transports that decode).
	 * @param failure why decoding stopped
	 */
	public void fail(FrameDecodingException failure) {
		this.failure = failure;
	}

	/**
	 * Whether the batch holds no frame at all, neither accepted nor skipped.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.frames.isEmpty() && this.skipped.isEmpty();
	}

	/**
	 * A frame of unknown type that was read past.
	 *
	 * @param type its type code
	 * @param length its payload length
	 * @param position where it was in the stream: the index in {@link #frames()} of the frame
	 * that came after it
	 */
	public record SkippedFrame(int type, int length, int position) {
	}

}
