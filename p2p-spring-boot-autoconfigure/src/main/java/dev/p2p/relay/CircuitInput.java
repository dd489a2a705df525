package dev.p2p.relay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The receiving half of a circuit as a blocking stream: CIRCUIT_DATA payloads are added on the
 * hop's reader thread without ever waiting, the circuit's own reader thread reads them. What is
 * buffered is bounded by the credit this end granted; more is a violation of the sender's.
 * Every byte read is reported, so that credit can be given back.
 */
final class CircuitInput extends CircuitStreams.BlockInput {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition readable = this.lock.newCondition();

	private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

	private final long capacity;

	private final IntConsumer consumed;

	private long buffered;

	private boolean ended;

	/**
	 * @param capacity most bytes buffered at once (the window granted to the sender)
	 * @param consumed told how many bytes each read took, on the reading thread
	 */
	CircuitInput(long capacity, IntConsumer consumed) {
		this.capacity = capacity;
		this.consumed = consumed;
	}

	/**
	 * Add received bytes; never blocks.
	 * @param payload a CIRCUIT_DATA payload
	 * @param offset where the data starts
	 * @return {@code false} if they do not fit the window (the sender ignored its credit)
	 */
	boolean add(byte[] payload, int offset) {
		this.lock.lock();
		try {
			if (this.ended) {
				return true;
			}
			int length = payload.length - offset;
			if (this.buffered + length > this.capacity) {
				return false;
			}
			this.chunks.add(new Chunk(payload, offset));
			this.buffered += length;
			this.readable.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** No more bytes will come: the reader sees the end of the stream once it has read the rest. */
	void end() {
		this.lock.lock();
		try {
			this.ended = true;
			this.readable.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		int read = 0;
		this.lock.lock();
		try {
			while (this.chunks.isEmpty()) {
				if (this.ended) {
					return -1;
				}
				this.readable.await();
			}
			while (read < length && !this.chunks.isEmpty()) {
				Chunk chunk = this.chunks.peek();
				int n = Math.min(length - read, chunk.data.length - chunk.position);
				System.arraycopy(chunk.data, chunk.position, buffer, offset + read, n);
				chunk.position += n;
				read += n;
				if (chunk.position == chunk.data.length) {
					this.chunks.poll();
				}
			}
			this.buffered -= read;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while reading a relay circuit");
		}
		finally {
			this.lock.unlock();
		}
		this.consumed.accept(read);
		return read;
	}

	@Override
	public int available() {
		this.lock.lock();
		try {
			return (int) Math.min(Integer.MAX_VALUE, this.buffered);
		}
		finally {
			this.lock.unlock();
		}
	}

	private static final class Chunk {

		final byte[] data;

		int position;

		Chunk(byte[] data, int position) {
			this.data = data;
			this.position = position;
		}

	}

}
