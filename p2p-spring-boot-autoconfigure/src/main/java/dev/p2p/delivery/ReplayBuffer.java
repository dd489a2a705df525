package dev.p2p.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The packets sent to one peer that it has not acknowledged yet, in position order, bounded in
 * bytes and in count. A sender first {@linkplain #reserve reserves} room (waiting for
 * acknowledgements to free some), then {@linkplain #append appends} its packet; an
 * acknowledgement {@linkplain #acknowledge removes} every packet up to its position. A lone
 * packet larger than the byte bound fits when the buffer is empty, so it is never stuck.
 */
final class ReplayBuffer {

	private final long maxBytes;

	private final int maxPackets;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition room = this.lock.newCondition();

	private final Deque<Outgoing> entries = new ArrayDeque<>();

	/** Bytes and packets appended or reserved. */
	private volatile long bytes;

	private int packets;

	private boolean closed;

	ReplayBuffer(long maxBytes, int maxPackets) {
		if (maxBytes < 1 || maxPackets < 1) {
			throw new IllegalArgumentException("maxBytes and maxPackets must be positive, got " + maxBytes + " and "
					+ maxPackets);
		}
		this.maxBytes = maxBytes;
		this.maxPackets = maxPackets;
	}

	/**
	 * Reserve room for a packet, waiting up to a timeout for acknowledgements to free it.
	 * @param size the packet's size on the wire
	 * @param timeoutNanos how long to wait, 0 not to wait
	 * @return {@code false} if there was no room in time, or the buffer was closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean reserve(long size, long timeoutNanos) throws InterruptedException {
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			while (!this.closed && !fits(size)) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.room.awaitNanos(remaining);
			}
			if (this.closed) {
				return false;
			}
			this.bytes += size;
			this.packets++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean fits(long size) {
		return this.packets == 0 || (this.packets < this.maxPackets && this.bytes + size <= this.maxBytes);
	}

	/**
	 * Give back a reservation that was not used.
	 * @param size the size reserved
	 */
	void cancel(long size) {
		this.lock.lock();
		try {
			this.bytes -= size;
			this.packets--;
			this.room.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Append a packet whose room was reserved; positions only grow.
	 * @param entry the packet
	 */
	void append(Outgoing entry) {
		this.lock.lock();
		try {
			this.entries.addLast(entry);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove the packets up to a position.
	 * @param position the acknowledged position
	 * @return the removed packets, in order
	 */
	List<Outgoing> acknowledge(long position) {
		List<Outgoing> removed = new ArrayList<>();
		this.lock.lock();
		try {
			while (!this.entries.isEmpty() && this.entries.peekFirst().position <= position) {
				Outgoing entry = this.entries.pollFirst();
				release(entry);
				removed.add(entry);
			}
			if (!removed.isEmpty()) {
				this.room.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		return removed;
	}

	/**
	 * Remove one packet (one that will not be sent again).
	 * @param entry the packet
	 */
	void remove(Outgoing entry) {
		this.lock.lock();
		try {
			if (this.entries.remove(entry)) {
				release(entry);
				this.room.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove everything and refuse further reservations (the session expired).
	 * @return what was kept, in order
	 */
	List<Outgoing> close() {
		this.lock.lock();
		try {
			this.closed = true;
			List<Outgoing> all = new ArrayList<>(this.entries);
			this.entries.clear();
			this.bytes = 0;
			this.packets = 0;
			this.room.signalAll();
			return all;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The packets kept, in order.
	 * @return a snapshot
	 */
	List<Outgoing> entries() {
		this.lock.lock();
		try {
			return new ArrayList<>(this.entries);
		}
		finally {
			this.lock.unlock();
		}
	}

	long bytes() {
		return this.bytes;
	}

	int packets() {
		this.lock.lock();
		try {
			return this.entries.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void release(Outgoing entry) {
		this.bytes -= entry.size();
		this.packets--;
	}

}
