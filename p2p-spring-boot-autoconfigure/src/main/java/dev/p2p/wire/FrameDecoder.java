package dev.p2p.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Reads dpea-p2p frames from a blocking {@link InputStream}, or from the bytes an event loop has
 * buffered ({@link #readBuffered}).
 *
 * <pre>
 * on the wire:  01 00 00 00 | 06 00 00 00 | 48 65 6C 6C 6F 21
 *               type = 1      length = 6    payload "Hello!"
 * decoded:      Frame[type=1, length=6]
 * </pre>
 *
 * <p>Limits are checked before anything is allocated: a length above the maximum payload size
 * ({@value #MAX_CONTROL_PAYLOAD_SIZE} bytes for control frames, whatever the payload limit) fails
 * with {@link FrameTooLargeException} without reading the payload. A frame whose type is
 * not accepted has its payload skipped and is reported to {@link FrameSink#onUnknownType}, so
 * the stream stays in step and the next frame decodes normally.
 *
 * <p>The decoder holds no per-stream state (a frame is always read whole), so one instance
 * serves any number of connections concurrently.
 */
public final class FrameDecoder {

	/** Largest payload of a control frame (reserved type range), whatever the payload limit. */
	public static final int MAX_CONTROL_PAYLOAD_SIZE = 64 * 1024;

	/** Most bytes a blocking read allocates for a payload before any of it arrived. */
	static final int FIRST_PAYLOAD_ALLOCATION = 64 * 1024;

	private final int maxPayloadSize;

	private final IntPredicate acceptedType;

	/**
	 * Create a decoder.
	 * @param maxPayloadSize largest payload accepted, in bytes (1 or more)
	 * @param acceptedType which type codes are delivered; others are skipped
	 */
	public FrameDecoder(int maxPayloadSize, IntPredicate acceptedType) {
		if (maxPayloadSize < 1) {
			throw new IllegalArgumentException("maxPayloadSize must be at least 1 byte, was " + maxPayloadSize);
		}
		if (acceptedType == null) {
			throw new IllegalArgumentException("acceptedType must not be null");
		}
		this.maxPayloadSize = maxPayloadSize;
		this.acceptedType = acceptedType;
	}

	/**
	 * Largest payload accepted.
	 * @return the limit in bytes
	 */
	public int getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	/**
	 * Largest payload accepted for a type: the payload limit, or
	 * {@value #MAX_CONTROL_PAYLOAD_SIZE} bytes for a control frame. A transport that waits for a
	 * whole frame before decoding it lets the decoder fail at once when a length is above this.
	 * @param type the type code
	 * @return the limit in bytes
	 */
	public int maxPayloadSize(int type) {
		return ControlCode.isReserved(type) ? MAX_CONTROL_PAYLOAD_SIZE : this.maxPayloadSize;
	}

	/**
	 * Read one frame, blocking until it is complete, and hand it to the sink.
	 * @param in the stream
	 * @param sink receives the frame (or its rejection)
	 * @return {@code false} if the stream ended cleanly before the frame's first byte
	 * @throws FrameDecodingException if the stream ends mid-frame or a length is over the limit
	 * @throws IOException if reading fails
	 */
	public boolean readFrame(InputStream in, FrameSink sink) throws IOException {
		int first = in.read();
		if (first < 0) {
			return false;
		}
		int type = first | readByte(in, 1) << 8 | readByte(in, 2) << 16 | readByte(in, 3) << 24;
		int length = readByte(in, 4) | readByte(in, 5) << 8 | readByte(in, 6) << 16 | readByte(in, 7) << 24;
		checkLength(type, length);
		if (!this.acceptedType.test(type)) {
			skipPayload(in, type, length);
			sink.onUnknownType(type, length);
			return true;
		}
		sink.onFrame(new Frame(type, readPayload(in, type, length)));
		return true;
	}

	/**
	 * Read a payload into an array that grows with the bytes that arrive (the first
	 * {@value #FIRST_PAYLOAD_ALLOCATION} bytes, then doubling up to the length), never with the
	 * length announced: a header announcing the limit and nothing after it costs that much, not
	 * the limit, so connections still in their handshake cannot make the node allocate
	 * {@code p2p.max-payload-size} each, and an array is never more than twice what arrived.
	 * Growing copies each byte at most once more on average.
	 */
	private static byte[] readPayload(InputStream in, int type, int length) throws IOException {
		if (length == 0) {
			return Frame.EMPTY;
		}
		byte[] payload = new byte[Math.min(length, FIRST_PAYLOAD_ALLOCATION)];
		int filled = 0;
		while (filled < length) {
			if (filled == payload.length) {
				// grown only once a further byte has arrived, so the array stays within twice what was received
				int next = in.read();
				if (next < 0) {
					throw new TruncatedFrameException(type, length, filled, "payload");
				}
				payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
				payload[filled++] = (byte) next;
				continue;
			}
			int read = in.read(payload, filled, payload.length - filled);
			if (read < 0) {
				throw new TruncatedFrameException(type, length, filled, "payload");
			}
			filled += read;
		}
		return payload;
	}

	/**
	 * Read one frame (blocking), then every further frame that is already completely buffered,
	 * up to the given limits. Lets a reader hand many small frames on in one go.
	 * @param in the stream; its {@link InputStream#available()} decides what counts as buffered,
	 * and with mark support the next frame's length is peeked to check that it is complete
	 * @param sink receives the frames in stream order
	 * @param maxFrames most frames to read in this call
	 * @param maxBytes stop after this many payload bytes have been read
	 * @return number of frames read (delivered or skipped); {@code -1} if the stream ended
	 * cleanly before the first frame
	 * @throws IOException as {@link #readFrame}
	 */
	public int readAvailable(InputStream in, FrameSink sink, int maxFrames, long maxBytes) throws IOException {
		CountingSink counting = new CountingSink(sink);
		if (!readFrame(in, counting)) {
			return -1;
		}
		int frames = 1;
		while (frames < maxFrames && counting.bytes < maxBytes && nextFrameBuffered(in)) {
			if (!readFrame(in, counting)) {
				break;
			}
			frames++;
		}
		return frames;
	}

	/**
	 * Read every frame complete in bytes already received, up to the given limits, stopping
	 * before a frame still arriving. A header announcing more than the limit fails at once,
	 * before its payload arrives. Hand-written on a {@link ByteBuffer} rather than read through
	 * {@link #readAvailable}: on an event loop the stream's peeking and byte-wise reads cost a
	 * quarter of the loop's time for small packets (JFR, 8-byte packets).
	 * @param in the received bytes, from its position to its limit; its position and byte order
	 * are left as they were
	 * @param sink receives the frames in order
	 * @param maxFrames most frames to read in this call
	 * @param maxBytes stop after this many payload bytes have been read
	 * @return number of bytes read (whole frames), {@code 0} if no frame is complete
	 * @throws FrameTooLargeException if a length is over the limit; the frames before it have
	 * been handed to the sink
	 */
	public int readBuffered(ByteBuffer in, FrameSink sink, int maxFrames, long maxBytes) throws FrameTooLargeException {
		ByteBuffer buffer = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		int start = buffer.position();
		int position = start;
		int limit = buffer.limit();
		int frames = 0;
		long bytes = 0;
		while (frames < maxFrames && bytes < maxBytes && limit - position >= FrameFormat.HEADER_SIZE) {
			int type = buffer.getInt(position);
			int length = buffer.getInt(position + 4);
			checkLength(type, length);
			if (limit - position - FrameFormat.HEADER_SIZE < length) {
				break;
			}
			int payloadAt = position + FrameFormat.HEADER_SIZE;
			if (!this.acceptedType.test(type)) {
				sink.onUnknownType(type, length);
			}
			else {
				byte[] payload = (length == 0) ? Frame.EMPTY : new byte[length];
				buffer.get(payloadAt, payload);
				sink.onFrame(new Frame(type, payload));
			}
			position = payloadAt + length;
			bytes += length;
			frames++;
		}
		return position - start;
	}

	/** Fail a header whose length is above the type's limit, before anything is allocated for it. */
	private void checkLength(int type, int length) throws FrameTooLargeException {
		int limit = maxPayloadSize(type);
		if (length < 0 || length > limit) {
			throw new FrameTooLargeException(type, Integer.toUnsignedLong(length), limit);
		}
	}

	/**
	 * Whether the next frame is complete in the stream's buffer, so reading it cannot block:
	 * frames already decoded are never held back behind a frame still arriving. Streams that
	 * cannot peek (no mark support) only need the header to be buffered.
	 */
	private static boolean nextFrameBuffered(InputStream in) throws IOException {
		int available = in.available();
		if (available < FrameFormat.HEADER_SIZE) {
			return false;
		}
		if (!in.markSupported()) {
			return true;
		}
		in.mark(FrameFormat.HEADER_SIZE);
		in.skipNBytes(4);
		long length = Integer.toUnsignedLong(in.read() | in.read() << 8 | in.read() << 16 | in.read() << 24);
		in.reset();
		return available - FrameFormat.HEADER_SIZE >= length;
	}

	private static int readByte(InputStream in, int position) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new TruncatedFrameException(FrameFormat.HEADER_SIZE, position);
		}
		return b;
	}

	private static void skipPayload(InputStream in, int type, int length) throws IOException {
		try {
			in.skipNBytes(length);
		}
		catch (EOFException ex) {
			throw new TruncatedFrameException(type, length, -1, "payload (skipped, as the type is unknown)");
		}
	}

	private static final class CountingSink implements FrameSink {

		private final FrameSink delegate;

		private long bytes;

		CountingSink(FrameSink delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onFrame(Frame frame) {
			this.bytes += frame.payload().length;
			this.delegate.onFrame(frame);
		}

		@Override
		public void onUnknownType(int type, int length) {
			this.bytes += length;
			this.delegate.onUnknownType(type, length);
		}

	}

}
