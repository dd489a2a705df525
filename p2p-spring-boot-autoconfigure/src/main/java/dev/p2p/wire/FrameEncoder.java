package dev.p2p.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to a blocking {@link OutputStream} through a caller-supplied scratch buffer,
 * so that many small frames leave in one write while large payloads are written straight from
 * their array (but for the bytes that fill the buffer behind their header). A frame that fits
 * the buffer is never split between two writes, and a header never leaves alone.
 *
 * <p>Not thread-safe: give each writing thread its own encoder.
 */
public final class FrameEncoder {

	private final byte[] buffer;

	private int position;

	/**
	 * Create an encoder.
	 * @param bufferSize size of the scratch buffer; at least the frame header size
	 */
	public FrameEncoder(int bufferSize) {
		if (bufferSize < FrameFormat.HEADER_SIZE) {
			throw new IllegalArgumentException(
					"bufferSize must be at least " + FrameFormat.HEADER_SIZE + " bytes, was " + bufferSize);
		}
		this.buffer = new byte[bufferSize];
	}

	/**
	 * Append a frame; bytes may stay buffered until {@link #flush(OutputStream)}.
	 * @param frame the frame
	 * @param out where full buffers go
	 * @throws IOException if writing fails
	 */
	public void write(Frame frame, OutputStream out) throws IOException {
		byte[] payload = frame.payload();
		int size = FrameFormat.HEADER_SIZE + payload.length;
		int room = this.buffer.length - this.position;
		if (room < FrameFormat.HEADER_SIZE || (size > room && size <= this.buffer.length)) {
			// a frame that fits an empty buffer is never split: it leaves whole, in one write
			flush(out);
			room = this.buffer.length;
		}
		FrameFormat.writeHeader(this.buffer, this.position, frame.type(), payload.length);
		this.position += FrameFormat.HEADER_SIZE;
		room -= FrameFormat.HEADER_SIZE;
		if (payload.length <= room) {
			System.arraycopy(payload, 0, this.buffer, this.position, payload.length);
			this.position += payload.length;
		}
		else {
			// larger than the buffer: the header leaves with the payload's first bytes (never as a
			// write of its own, which would be a tiny TCP segment), the rest straight from its array
			System.arraycopy(payload, 0, this.buffer, this.position, room);
			this.position += room;
			flush(out);
			out.write(payload, room, payload.length - room);
		}
	}

	/**
	 * Write out whatever is buffered.
	 * @param out the stream
	 * @throws IOException if writing fails
	 */
	public void flush(OutputStream out) throws IOException {
		if (this.position > 0) {
			int length = this.position;
			this.position = 0;
			out.write(this.buffer, 0, length);
		}
	}

	/**
	 * Drop buffered bytes, for reuse after a failed write.
	 */
	public void reset() {
		this.position = 0;
	}

}
