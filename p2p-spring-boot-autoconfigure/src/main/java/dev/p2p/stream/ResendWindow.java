package dev.p2p.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

/**
 * The chunks of a resumable stream that its receiver may still lack after a lost connection:
 * every chunk from the first byte the receiver's listener has not read (it grants credit for
 * what it read) to the last one sent. The receiver's credit bounds it to one window plus a
 * chunk; it shrinks as credit comes, and after a resumption to what the receiver reported.
 */
final class ResendWindow {

	private final ArrayDeque<Frame> chunks = new ArrayDeque<>();

	/** Stream offset of the first chunk kept. */
	private long first;

	/** Stream offset after the last chunk kept. */
	private long end;

	private long bytes;

	/**
	 * Keep a chunk just sent.
	 * @param chunk the STREAM_CHUNK frame
	 */
	synchronized void add(Frame chunk) {
		int length = StreamFrames.chunkLength(chunk.payload());
		this.chunks.addLast(chunk);
		this.end += length;
		this.bytes += length;
	}

	/**
	 * Forget the chunks that end at or before an offset: the receiver has them.
	 * @param offset data bytes the receiver read, or holds
	 */
	synchronized void dropBefore(long offset) {
		while (!this.chunks.isEmpty()) {
			int length = StreamFrames.chunkLength(this.chunks.peekFirst().payload());
			if (this.first + length > offset) {
				return;
			}
			this.chunks.pollFirst();
			this.first += length;
			this.bytes -= length;
		}
	}

	/**
	 * The chunks from an offset on, to send again.
	 * @param offset the data bytes the receiver holds
	 * @return the chunks, in order, or {@code null} if the offset is not the start of a kept chunk
	 * (or the end of the last one), so the data is not there to send again
	 */
	synchronized @Nullable List<Frame> from(long offset) {
		dropBefore(offset);
		if (offset != this.first) {
			return null;
		}
		return new ArrayList<>(this.chunks);
	}

	/**
	 * Data bytes kept.
	 * @return bytes
	 */
	synchronized long bytes() {
		return this.bytes;
	}

}
