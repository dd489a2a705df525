package dev.p2p.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

/**
 * An outbound stream's credit, and what it may have to send again after a lost connection
 * (docs/PROTOCOL.md §16.6). Credit is counted as the total the receiver granted: what is left is
 * that total minus the bytes sent, so the total a STREAM_RESUME reports simply replaces it. A
 * resumable stream keeps every chunk from the first byte the receiver's listener has not read
 * (the total granted minus the receiver's window, its first credit) to the last one sent: one
 * window plus a chunk at most.
 */
final class ResendWindow {

	private final boolean keeps;

	private final ArrayDeque<Frame> chunks = new ArrayDeque<>();

	/** Credit granted in total, the window included (reader thread, or set from STREAM_RESUME). */
	private final AtomicLong granted = new AtomicLong();

	/** The first credit the receiver granted: its window; {@code -1} before. */
	private volatile long window = -1;

	/** What the receiver's STREAM_RESUME said, for the pump to act on. */
	private final AtomicReference<@Nullable Resumed> resumed = new AtomicReference<>();

	// guarded by this object: stream offsets of the first chunk kept and after the last
	private long first;

	private long end;

	/**
	 * Create the ledger of a stream.
	 * @param keeps whether chunks are kept to send again (the stream is resumable)
	 */
	ResendWindow(boolean keeps) {
		this.keeps = keeps;
	}

	/**
	 * The receiver granted more credit.
	 * @param bytes the credit
	 */
	void credited(int bytes) {
		long total = this.granted.addAndGet(bytes);
		if (this.window < 0) {
			this.window = bytes;
		}
		// what the receiver's listener read is never asked for again
		dropBefore(total - this.window);
	}

	/**
	 * Credit left.
	 * @param sent data bytes sent so far
	 * @return bytes the stream may still send
	 */
	long credit(long sent) {
		return this.granted.get() - sent;
	}

	/**
	 * Bytes sent that the receiver's listener has not read yet, at most its window.
	 * @param sent data bytes sent so far
	 * @return the bytes
	 */
	long unread(long sent) {
		return Math.max(0, sent - (this.granted.get() - Math.max(this.window, 0)));
	}

	/**
	 * Whether the receiver granted any credit (so it knew the stream).
	 * @return {@code true} after the first STREAM_CREDIT or STREAM_RESUME entry
	 */
	boolean credited() {
		return this.window >= 0;
	}

	/**
	 * Keep a chunk just sent, if the stream is resumable.
	 * @param chunk the STREAM_CHUNK frame
	 */
	synchronized void add(Frame chunk) {
		if (this.keeps) {
			this.chunks.addLast(chunk);
			this.end += StreamFrames.chunkLength(chunk.payload());
		}
	}

	private synchronized void dropBefore(long offset) {
		while (!this.chunks.isEmpty()) {
			int length = StreamFrames.chunkLength(this.chunks.peekFirst().payload());
			if (this.first + length > offset) {
				return;
			}
			this.chunks.pollFirst();
			this.first += length;
		}
	}

	/**
	 * The receiver's STREAM_RESUME reported the stream (reader thread): its total replaces the
	 * credit granted (credit that follows adds to it), and the pump is to act on it.
	 * @param resume what it said
	 * @param grantedTotal the credit it granted in total
	 */
	void resumed(Resumed resume, long grantedTotal) {
		if (this.window < 0) {
			// no credit came before the connection was lost: nothing was read, all granted is the window
			this.window = grantedTotal;
		}
		this.granted.set(grantedTotal);
		this.resumed.set(resume);
	}

	/**
	 * The report for the pump to act on, once.
	 * @return it, or {@code null}
	 */
	@Nullable Resumed takeResumed() {
		return this.resumed.getAndSet(null);
	}

	/**
	 * The chunks from an offset on, to send again.
	 * @param offset the data bytes the receiver holds
	 * @return the chunks, in order, or {@code null} if the offset is not the start of a kept chunk
	 * (or the end of the last one), so the data is not there to send again
	 */
	synchronized @Nullable List<Frame> from(long offset) {
		dropBefore(offset);
		if (!this.keeps || offset != this.first && !(offset == this.end && this.chunks.isEmpty())) {
			return null;
		}
		return new ArrayList<>(this.chunks);
	}

	/**
	 * What the receiver's STREAM_RESUME said of a stream.
	 * @param host the node, on the connection that resumed
	 * @param session that connection
	 * @param received data bytes the receiver holds
	 * @param endArrived whether its STREAM_END arrived
	 * @param reopen whether its STREAM_OPEN was lost, to send again
	 */
	record Resumed(StreamHost host, StreamSession session, long received, boolean endArrived, boolean reopen) {
	}

}
