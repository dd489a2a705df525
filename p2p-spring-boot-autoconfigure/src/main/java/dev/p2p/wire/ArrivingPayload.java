package dev.p2p.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The payload of one frame while its bytes arrive, read straight into the array that becomes the
 * frame's payload. The array grows with what arrived (doubling, up to the announced length),
 * never with what was announced: a peer that sends a header announcing the payload limit and
 * nothing more costs {@value #FIRST_ALLOCATION} bytes, not the limit, so a few hundred such
 * connections cannot exhaust the heap. Growing copies each byte at most once more on average.
 */
public final class ArrivingPayload {

	/** Most bytes allocated for a payload before any of it arrived. */
	public static final int FIRST_ALLOCATION = 64 * 1024;

	private final int type;

	private final int length;

	private byte[] array;

	private int filled;

	/**
	 * Start receiving a payload.
	 * @param type the frame's type code
	 * @param length the announced length (already checked against the limit)
	 */
	public ArrivingPayload(int type, int length) {
		this.type = type;
		this.length = length;
		this.array = new byte[Math.min(length, FIRST_ALLOCATION)];
	}

	/**
	 * Read the whole payload from a stream, blocking until it arrived.
	 * @param in the stream, positioned after the frame's header
	 * @param type the frame's type code
	 * @param length the announced length (already checked against the limit)
	 * @return the frame
	 * @throws TruncatedFrameException if the stream ends first
	 * @throws IOException if reading fails
	 */
	public static Frame read(InputStream in, int type, int length) throws IOException {
		ArrivingPayload payload = new ArrivingPayload(type, length);
		while (!payload.isComplete()) {
			byte[] into = payload.room();
			int read = in.read(into, payload.filled, into.length - payload.filled);
			if (read < 0) {
				throw payload.truncated();
			}
			payload.filled += read;
		}
		return payload.frame();
	}

	/**
	 * The array to write the next bytes into, from {@link #filled()} to its end: grown (doubled,
	 * at most to the announced length) when full.
	 * @return the array, with room for at least one byte unless the payload is complete
	 */
	public byte[] room() {
		if (this.filled == this.array.length && this.filled < this.length) {
			int grown = (int) Math.min(this.length, 2L * this.array.length);
			this.array = Arrays.copyOf(this.array, grown);
		}
		return this.array;
	}

	/**
	 * Bytes received so far.
	 * @return the count
	 */
	public int filled() {
		return this.filled;
	}

	/**
	 * Count bytes written into {@link #room()}.
	 * @param count how many
	 */
	public void advance(int count) {
		this.filled += count;
	}

	/**
	 * Whether every byte arrived.
	 * @return {@code true} once the payload is complete
	 */
	public boolean isComplete() {
		return this.filled == this.length;
	}

	/**
	 * The frame, once complete.
	 * @return the frame, its payload this object's array
	 */
	public Frame frame() {
		if (!isComplete()) {
			throw new IllegalStateException("payload incomplete: " + this.filled + " of " + this.length + " bytes");
		}
		return new Frame(this.type, (this.length == 0) ? Frame.EMPTY : this.array);
	}

	/**
	 * What a stream that ended before the payload was complete is reported as.
	 * @return the exception
	 */
	public TruncatedFrameException truncated() {
		return new TruncatedFrameException(this.type, this.length, this.filled, "payload");
	}

}
