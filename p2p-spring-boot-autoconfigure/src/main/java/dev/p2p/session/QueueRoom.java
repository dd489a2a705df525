package dev.p2p.session;

/**
 * The room accounting of a {@link SerialQueue}: the weight and number of items queued and of the
 * batch being consumed (a write blocked on a slow peer holds its whole batch in memory, so it
 * counts until the consumer returns), against the queue's limits, and since when producers have
 * found it full. Not thread-safe: guarded by the queue's lock.
 */
final class QueueRoom {

	private final long capacity;

	private final int maxItems;

	private long weight;

	private long inFlightWeight;

	private int inFlightItems;

	/** When an offer last found no room while none had been freed since, 0 while there is room. */
	private long fullSince;

	QueueRoom(long capacity, int maxItems) {
		this.capacity = capacity;
		this.maxItems = maxItems;
	}

	/**
	 * Whether items do not fit now. Anything fits an empty queue with nothing being consumed, so
	 * an item (or batch) heavier or longer than the limits is admitted once the queue is empty.
	 * @param addedWeight the weight of the items
	 * @param addedItems how many they are
	 * @param queuedItems how many items are queued now
	 * @return {@code true} if they must wait for room (the queue is then marked full)
	 */
	boolean lacksRoomFor(long addedWeight, int addedItems, int queuedItems) {
		boolean full = (queuedItems > 0 || this.inFlightItems > 0)
				&& (this.weight + this.inFlightWeight + addedWeight > this.capacity
						|| queuedItems + this.inFlightItems + addedItems > this.maxItems);
		if (full && this.fullSince == 0) {
			this.fullSince = System.nanoTime() | 1;
		}
		return full;
	}

	void added(long addedWeight) {
		this.weight += addedWeight;
	}

	/** The consumer took every queued item as one batch: it counts as in flight until consumed. */
	void batchTaken(int items) {
		this.inFlightWeight = this.weight;
		this.inFlightItems = items;
		this.weight = 0;
		this.fullSince = 0;
	}

	/** The consumer returned: its batch no longer counts. */
	void batchConsumed() {
		this.inFlightWeight = 0;
		this.inFlightItems = 0;
	}

	/** The queued items were handed back (the queue closed). */
	void cleared() {
		this.weight = 0;
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
