package dev.p2p.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The packets sent to one peer that it has not acknowledged yet, in position order, bounded in
 * bytes and in count. A sender {@linkplain #tryAppend appends} its packet when there is room,
 * else {@linkplain #reserve reserves} room (waiting for acknowledgements to free some), then
 * {@linkplain #append appends} it; an acknowledgement {@linkplain #release removes} every packet
 * up to its position. A lone packet larger than the byte bound fits when the buffer is empty, so
 * it is never stuck.
 * <p>
 * Senders waiting for room are woken only once an eighth of a bound is free again (or the
 * buffer is empty), not at every acknowledgement: with small packets a full buffer otherwise
 * woke the sender at every ACK to send the few packets it freed, a thread switch per ACK
 * (64 B packets at-least-once: with this, a sender waited 342 times for 1.7 million packets). A
 * waiter also looks again every {@link #WAIT_SLICE_NANOS}, so room freed above that mark is
 * never missed for long.
 */
final class ReplayBuffer {

	/** Longest a waiting sender sleeps before it checks for room again. */
	static final long WAIT_SLICE_NANOS = 20_000_000;

	private final long maxBytes;

	private final int maxPackets;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition room = this.lock.newCondition();

	/** Below both of these (or empty), waiting senders are woken. */
	private final long wakeBytes;

	private final int wakePackets;

	/** Senders waiting for room (under the lock). */
	private int waiting;

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
		this.wakeBytes = maxBytes - maxBytes / 8;
		this.wakePackets = maxPackets - Math.max(1, maxPackets / 8);
	}

	/**
	 * Reserve room for a packet, waiting up to a timeout for acknowledgements to free it.
	 * @param size the packet's size on the wire
	 * @param timeoutNanos how long to wait, 0 not to wait
	 * @return {@code false} if there was no room in time, the buffer was closed, or the thread was
	 * interrupted while waiting (its interrupt flag is set again)
	 */
	boolean reserve(long size, long timeoutNanos) {
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			while (!this.closed && !fits(size)) {
				if (remaining <= 0) {
					return false;
				}
				long slice = Math.min(remaining, WAIT_SLICE_NANOS);
				this.waiting++;
				try {
					remaining -= slice - this.room.awaitNanos(slice);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
				finally {
					this.waiting--;
				}
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
	 * Append a packet if there is room now, in one step (the sender's usual case).
	 * @param entry the packet
	 * @return {@code false} if there was no room (nothing changed), or the buffer was closed
	 */
	boolean tryAppend(Outgoing entry) {
		long size = entry.size();
		this.lock.lock();
		try {
			if (this.closed || !fits(size)) {
				return false;
			}
			this.bytes += size;
			this.packets++;
			this.entries.addLast(entry);
			return true;
		}
		finally {
			this.lock.unlock();
		}
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
		return removeUpTo(position, true);
	}

	/**
	 * Remove the packets up to a position, returning only those whose sender waits for the
	 * acknowledgement: an ACK usually frees many packets nobody waits on, and collecting them
	 * was a list per ACK for nothing.
	 * @param position the acknowledged position
	 * @return the removed packets with a future, in order
	 */
	List<Outgoing> release(long position) {
		return removeUpTo(position, false);
	}

	private List<Outgoing> removeUpTo(long position, boolean all) {
		List<Outgoing> removed = List.of();
		this.lock.lock();
		try {
			Outgoing entry;
			boolean any = false;
			while ((entry = this.entries.peekFirst()) != null && entry.position <= position) {
				this.entries.pollFirst();
				release(entry);
				any = true;
				if (all || entry.acknowledged != null) {
					if (removed.isEmpty()) {
						removed = new ArrayList<>();
					}
					removed.add(entry);
				}
			}
			if (any && this.waiting > 0
					&& (this.packets == 0 || (this.packets <= this.wakePackets && this.bytes <= this.wakeBytes))) {
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
