package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link SerialQueue} holds: the items queued, double-buffered so that the consumer takes
 * them all as one batch and gives the emptied list back for reuse, and the room they take: the
 * weight and number of the items queued and of the batch being consumed (a write blocked on a
 * slow peer holds its whole batch in memory, so it counts until the consumer returns), against
 * the queue's limits, and since when producers have found it full. Not thread-safe: guarded by
 * the queue's lock.
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

	/** Resumes a producer that was paused instead of waiting, once there is room again. */
	private @Nullable Runnable resumeWhenRoom;

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

	/**
	 * Remember how to resume a producer that paused itself because the queue is full.
	 * @param resume run once there is room again
	 */
	void resumeWhenRoom(Runnable resume) {
		if (this.fullSince == 0) {
			this.fullSince = System.nanoTime() | 1;
		}
		this.resumeWhenRoom = resume;
	}

	/**
	 * The paused producer's resumption, if there is room now (or {@code always}), forgotten here:
	 * the caller runs it outside the queue's lock.
	 * @param always whether to hand it out even when full (the queue closed)
	 * @return the resumption, or {@code null}
	 */
	@Nullable Runnable takeResumption(boolean always) {
		Runnable resume = this.resumeWhenRoom;
		if (resume == null || (!always && isFull())) {
			return null;
		}
		this.resumeWhenRoom = null;
		return resume;
	}

	/**
	 * Hand back every queued item (the queue closed).
	 * @return the items, in order
	 */
	List<T> removeAll() {
		List<T> left = new ArrayList<>(this.items);
		this.items.clear();
		this.weight = 0;
		return left;
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
