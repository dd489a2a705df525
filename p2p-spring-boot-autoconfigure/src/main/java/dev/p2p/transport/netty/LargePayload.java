package dev.p2p.transport.netty;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameFormat;
import dev.p2p.wire.TruncatedFrameException;

/**
 * A large frame arriving: its payload array, filled straight from each read. A frame of a few
 * hundred kilobytes arrives in many reads; gathered in the cumulation first, its bytes were copied
 * once per read, again each time the cumulation grew, and once more into the payload array.
 * Filled here, each byte is copied once: hand-written for the benchmark's {@code tput-1MiB}, where
 * the process's CPU per GB fell by about a fifth and the throughput rose accordingly. The array is
 * allocated when the header arrives, as the {@code tcp} transport's reader does, so the payload
 * limit bounds it.
 */
final class LargePayload {

	/** Payloads from this size on are filled straight from the reads (a read brings at most 64 KiB). */
	static final int MIN_SIZE = 64 * 1024;

	private final int type;

	private final byte[] payload;

	private int filled;

	private LargePayload(int type, byte[] payload) {
		this.type = type;
		this.payload = payload;
	}

	/**
	 * Start filling the frame whose header is at the buffer's reader index, if it is large, of a
	 * type the decoder accepts, and still incomplete; everything readable is then taken.
	 * @param decoder the connection's decoder (its limit has been checked on this header)
	 * @param in the buffered bytes, a whole header at least
	 * @return the payload being filled, or {@code null} to leave the frame to the decoder
	 */
	static @Nullable LargePayload start(FrameDecoder decoder, ByteBuf in) {
		int at = in.readerIndex();
		int type = in.getIntLE(at);
		int length = in.getIntLE(at + 4);
		if (length < MIN_SIZE || !decoder.accepts(type)
				|| in.readableBytes() - FrameFormat.HEADER_SIZE >= length) {
			return null;
		}
		LargePayload large = new LargePayload(type, new byte[length]);
		in.skipBytes(FrameFormat.HEADER_SIZE);
		large.fill(in);
		return large;
	}

	/**
	 * Take the bytes the payload still misses from a read.
	 * @param in the read; its reader index moves past what was taken
	 */
	void fill(ByteBuf in) {
		int taken = Math.min(this.payload.length - this.filled, in.readableBytes());
		in.readBytes(this.payload, this.filled, taken);
		this.filled += taken;
	}

	boolean isComplete() {
		return this.filled == this.payload.length;
	}

	Frame frame() {
		return new Frame(this.type, this.payload);
	}

	/** What a stream that ended before the payload was complete is reported as. */
	TruncatedFrameException truncated() {
		return new TruncatedFrameException(this.type, this.payload.length, this.filled, "payload");
	}

}
