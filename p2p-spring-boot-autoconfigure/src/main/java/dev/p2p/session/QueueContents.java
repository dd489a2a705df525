package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SerialQueue} holds and where it stands: the items queued, double-buffered so
 * that the consumer takes them all as one batch and gives the emptied list back for reuse, and
 * the room they take: the
 * weight and number of the items queued and of the batch being consumed (a write blocked on a
 * slow peer holds its whole batch in memory, so it counts until the consumer returns), against
 * the queue's limits, and since when producers have found it full; whether a drain runs, and
 * whether the queue still takes items. Not thread-safe: guarded by the queue's lock.
 *
 * @param <T> the item type
 */
final class QueueContents<T> {

	private final long capacity;

	private final int maxItems;

	private List<T> items = new ArrayList<>();

	private List<T> spare = new ArrayList<>();

	private long weight;

	private long inFlightWeight;

	private int inFlightItems;

	/** When an offer last found no room while none had been freed since, 0 while there is room. */
	private long fullSince;

	/** A drain runs (scheduled, or consuming). */
	private boolean draining;

	/** Closed: nothing is accepted, and what is queued is handed back. */
	private boolean closed;

	/** Sealed: nothing more is accepted, and what is queued still drains. */
	private boolean sealed;

	QueueContents(long capacity, int maxItems) {
		this.capacity = capacity;
		this.maxItems = maxItems;
	}

	/**
	 * Whether items do not fit now. Anything fits an empty queue with nothing being consumed, so
	 * an item (or batch) heavier or longer than the limits is admitted once the queue is empty.
	 * @param addedWeight the weight of the items
	 * @param addedItems how many they are
	 * @return {@code true} if they must wait for room (the queue is then marked full)
	 */
	boolean lacksRoomFor(long addedWeight, int addedItems) {
		int queuedItems = this.items.size();
		boolean full = (queuedItems > 0 || this.inFlightItems > 0)
				&& (this.weight + this.inFlightWeight + addedWeight > this.capacity
						|| queuedItems + this.inFlightItems + addedItems > this.maxItems);
		if (full && this.fullSince == 0) {
			this.fullSince = System.nanoTime() | 1;
		}
		return full;
	}

	void add(T item, long itemWeight) {
		this.items.add(item);
		this.weight += itemWeight;
	}

	void addAll(List<T> batch, long batchWeight) {
		this.items.addAll(batch);
		this.weight += batchWeight;
	}

	int size() {
		return this.items.size();
	}

	boolean isEmpty() {
		return this.items.isEmpty();
	}

	/**
	 * Take every queued item as one batch: it counts as in flight until {@link #giveBack}.
	 * @return the batch
	 */
	List<T> take() {
		List<T> batch = this.items;
		this.items = this.spare;
		this.inFlightWeight = this.weight;
		this.inFlightItems = batch.size();
		this.weight = 0;
		this.fullSince = 0;
		return batch;
	}

	/**
	 * The consumer returned: its batch no longer counts, and its list is reused.
	 * @param batch the batch {@link #take} gave, emptied (outside the queue's lock)
	 */
	void giveBack(List<T> batch) {
		this.spare = batch;
		this.inFlightWeight = 0;
		this.inFlightItems = 0;
	}

	/**
	 * Whether the queue is at or over one of its limits (queued and in-flight items counted).
	 * @return {@code true} when full
	 */
	boolean isFull() {
		return this.weight + this.inFlightWeight >= this.capacity
				|| this.items.size() + this.inFlightItems >= this.maxItems;
	}

	/** A producer was paused because the queue is full: it counts as having found no room. */
	void markFull() {
		if (this.fullSince == 0) {
			this.fullSince = System.nanoTime() | 1;
		}
	}

	/**
	 * Whether items are refused: the queue was closed or sealed.
	 * @return {@code true} once closed or sealed
	 */
	boolean refuses() {
		return this.closed || this.sealed;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** Refuse further items; what is queued still drains. */
	void seal() {
		this.sealed = true;
	}

	/**
	 * Refuse further items and hand back the queued ones.
	 * @return the items, in order
	 */
	List<T> close() {
		this.closed = true;
		List<T> left = new ArrayList<>(this.items);
		this.items.clear();
		this.weight = 0;
		return left;
	}

	/**
	 * Mark a drain running, unless one is.
	 * @return {@code true} if the caller is to start it
	 */
	boolean startDrain() {
		if (this.draining) {
			return false;
		}
		this.draining = true;
		return true;
	}

	/** The drain ended: nothing is queued, or the queue closed. */
	void drainEnded() {
		this.draining = false;
	}

	/**
	 * Whether everything queued has been consumed and no drain runs.
	 * @return {@code true} when idle
	 */
	boolean isIdle() {
		return !this.draining && this.items.isEmpty();
	}

	/**
	 * Weight queued, not counting the batch being consumed.
	 * @return queued bytes
	 */
	long weight() {
		return this.weight;
	}

	/**
	 * How long producers have found the queue full: since an offer first found no room, until a
	 * consumer takes a batch.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, 0 while there is room
	 */
	long fullForNanos(long now) {
		return (this.fullSince == 0) ? 0 : now - this.fullSince;
	}

}
