package dev.p2p.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.StreamFrames;

/**
 * The hand-over of one inbound stream's chunks from the reader thread to the listener, and the
 * sender's credit: a chunk beyond the credit granted so far, or after the end frame, is a
 * protocol violation. Once the stream has finished (read to its end, cancelled or failed),
 * chunks still on their way are counted and dropped.
 */
final class ChunkBuffer {

	private final int streamId;

	private final int window;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	// guarded by lock (the reader thread adds, the listener takes)
	private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();

	private long received;

	private long granted;

	private StreamFrames.@Nullable End end;

	private @Nullable String failure;

	private boolean finished;

	private volatile long lastArrivalNanos;

	/** Whose chunks count: another connection's streams after a resumption (guarded by lock). */
	private @Nullable Object owner;

	/** While the connection is lost or resuming: credit is counted but not sent (guarded by lock). */
	private boolean held;

	/**
	 * Create the buffer of a stream just opened.
	 * @param streamId the stream's id, for violation messages
	 * @param window the receive window: the credit the sender starts with
	 * @param openedNanos when the stream was opened
	 */
	ChunkBuffer(int streamId, int window, long openedNanos) {
		this.streamId = streamId;
		this.window = window;
		this.granted = window;
		this.lastArrivalNanos = openedNanos;
	}

	// ---- reader thread

	/**
	 * A chunk arrived.
	 * @param payload the STREAM_CHUNK payload (id, then data); kept, not copied
	 * @return a protocol violation to close the connection for, or {@code null}
	 */
	@Nullable String add(byte[] payload) {
		return add(payload, null);
	}

	/**
	 * A chunk arrived on a connection.
	 * @param payload the STREAM_CHUNK payload (id, then data); kept, not copied
	 * @param from the streams of the connection it came on; a chunk of a connection the stream
	 * moved away from is dropped (its sender sends it again), {@code null} for any
	 * @return a protocol violation to close the connection for, or {@code null}
	 */
	@Nullable String add(byte[] payload, @Nullable Object from) {
		int length = StreamFrames.chunkLength(payload);
		this.lock.lock();
		try {
			if (from != null && this.owner != null && from != this.owner) {
				return null;
			}
			if (this.end != null) {
				return "STREAM_CHUNK for stream " + this.streamId + " after its STREAM_END";
			}
			if (this.received + length > this.granted) {
				return "stream " + this.streamId + " sent " + (this.received + length - this.granted)
						+ " bytes beyond the credit it was granted (window " + this.window + " bytes)";
			}
			this.received += length;
			if (this.finished) {
				// cancelled here already; the chunk was on its way
				return null;
			}
			this.chunks.add(payload);
			this.lastArrivalNanos = System.nanoTime();
			this.arrived.signalAll();
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The sender's end frame arrived.
	 * @param last the end frame
	 * @return a protocol violation, or {@code null}
	 */
	@Nullable String ended(StreamFrames.End last) {
		this.lock.lock();
		try {
			if (this.end != null) {
				return "second STREAM_END for stream " + this.streamId;
			}
			this.end = last;
			this.lastArrivalNanos = System.nanoTime();
			this.arrived.signalAll();
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---- listener thread

	/**
	 * Take the next chunk, waiting for it.
	 * @return the chunk's payload (id, then data), or {@code null} once the end frame arrived and
	 * every chunk was taken (then {@link #end()} is set)
	 * @throws IOException with the failure message if the stream failed
	 */
	byte @Nullable [] take() throws IOException {
		this.lock.lock();
		try {
			while (this.failure == null && this.chunks.isEmpty() && this.end == null) {
				this.arrived.awaitUninterruptibly();
			}
			if (this.failure != null) {
				throw new IOException(this.failure);
			}
			return this.chunks.poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The sender's end frame.
	 * @return it, or {@code null} before it arrived
	 */
	StreamFrames.@Nullable End end() {
		this.lock.lock();
		try {
			return this.end;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Grant the sender more credit, unless the stream finished.
	 * @param bytes the bytes the listener read since the last grant
	 * @return {@code false} if the stream finished or credit is held (nothing to tell the sender now)
	 */
	boolean credit(int bytes) {
		this.lock.lock();
		try {
			if (this.finished) {
				return false;
			}
			this.granted += bytes;
			// held: STREAM_RESUME reports it, or the release after it sends it
			return !this.held;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether the end frame arrived and every chunk was taken.
	 * @return {@code true} if nothing more is to come
	 */
	boolean allArrivedAndTaken() {
		this.lock.lock();
		try {
			return this.end != null && this.chunks.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---- either thread

	/**
	 * Data bytes that arrived, dropped ones included.
	 * @return bytes received
	 */
	long received() {
		this.lock.lock();
		try {
			return this.received;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether nothing arrived since a time although the listener waits for data.
	 * @param nanos the time, as {@link System#nanoTime()}
	 * @return {@code true} if the stream is idle
	 */
	boolean idleSince(long nanos) {
		this.lock.lock();
		try {
			return !this.finished && this.chunks.isEmpty() && this.end == null && this.lastArrivalNanos < nanos;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Finish with a failure: chunks are dropped and the listener's next take throws.
	 * @param message what the take throws
	 * @return {@code false} if the stream had finished already
	 */
	boolean fail(String message) {
		this.lock.lock();
		try {
			if (this.finished) {
				return false;
			}
			this.finished = true;
			this.failure = message;
			this.chunks.clear();
			this.arrived.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Finish successfully (the stream was read to its end and verified).
	 * @return {@code false} if the stream had finished already
	 */
	boolean finish() {
		this.lock.lock();
		try {
			if (this.finished) {
				return false;
			}
			this.finished = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---- resumption (docs/PROTOCOL.md §16.6)

	/**
	 * Hold credit (the connection is lost) and take chunks only from another connection's streams from now on.
	 * @param newOwner the streams whose chunks count, {@code null} to keep the current one
	 */
	void hold(@Nullable Object newOwner) {
		this.lock.lock();
		try {
			this.held = true;
			if (newOwner != null) {
				this.owner = newOwner;
			}
			this.lastArrivalNanos = System.nanoTime();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * What STREAM_RESUME reports of the stream; credit stays held.
	 * @return received bytes, granted bytes, and 1 if the end arrived, else 0
	 */
	long[] snapshot() {
		this.lock.lock();
		try {
			return new long[] { this.received, this.granted, (this.end != null) ? 1 : 0 };
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Send credit again: STREAM_RESUME was queued.
	 * @param reported the credit it reported
	 * @return credit granted since, to send now (0 for none)
	 */
	long release(long reported) {
		this.lock.lock();
		try {
			if (!this.held) {
				// not held (a stream opened on the new connection): its credit went out as granted
				return 0;
			}
			this.held = false;
			this.lastArrivalNanos = System.nanoTime();
			return this.finished ? 0 : this.granted - reported;
		}
		finally {
			this.lock.unlock();
		}
	}

}
