package dev.p2p.session;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * A bounded queue drained in order, one batch at a time, by tasks on a shared executor: the
 * building block of a session's outbound writer and inbound dispatcher.
 *
 * <p>Producers block while the queued weight (bytes, per-item overhead included) or the number of
 * queued items is at its limit. The first item into an
 * empty queue schedules a drain; the drain takes everything queued as one batch, so under load
 * many items share one write or one task hand-off. At most one drain runs at a time, which
 * keeps order; a drain gives its thread back after a few batches so one busy queue cannot hold
 * an executor thread forever.
 *
 * <p>Optionally a producer consumes its own items ({@link InlineConsumption}): a lone packet or a
 * large one then leaves without a thread hand-off, while bursts still go through the executor.
 * A producer that must never block is paused instead of waiting ({@link PausingProducer}).
 * The queue takes and refuses items; {@link QueueDrain} runs the consumer,
 * {@link QueueContents} keeps the items and the state, {@link QueueWaiters} the waiting threads.
 *
 * @param <T> the item type
 */
final class SerialQueue<T> {

	private final ReentrantLock lock = new ReentrantLock();

	private final QueueWaiters waiters = new QueueWaiters(this.lock);

	private final ToLongFunction<T> weigher;

	private final QueueContents<T> contents;

	private final InlineConsumption inline;

	private final QueueDrain<T> drain;

	/** The drain's inline task, held here: an offer costs no allocation and no extra hop for it. */
	private final Runnable drainOnce;

	/**
	 * Create a queue drained only by executor tasks.
	 */
	SerialQueue(long capacity, ToLongFunction<T> weigher, Executor executor, Consumer<List<T>> consumer) {
		this(capacity, Integer.MAX_VALUE, weigher, executor, consumer, 0, Long.MAX_VALUE);
	}

	/**
	 * Create a queue.
	 * @param capacity most weight queued at once
	 * @param maxItems most items queued at once
	 * @param inlineAfterIdleNanos see {@link InlineConsumption}: idle time after which an item is consumed inline
	 * @param inlineFromWeight see {@link InlineConsumption}: weight from which an item is consumed inline
	 */
	SerialQueue(long capacity, int maxItems, ToLongFunction<T> weigher, Executor executor, Consumer<List<T>> consumer,
			long inlineAfterIdleNanos, long inlineFromWeight) {
		this.contents = new QueueContents<>(capacity, maxItems);
		this.weigher = weigher;
		this.inline = new InlineConsumption(inlineAfterIdleNanos, inlineFromWeight);
		this.drain = new QueueDrain<>(this.lock, this.contents, this.waiters, this.inline, executor, consumer);
		this.drainOnce = this.drain.once();
	}

	/**
	 * Add an item, waiting for room up to the timeout. An item (or batch) heavier or longer than
	 * the limits is admitted once the queue is empty.
	 * @param item the item
	 * @param timeoutNanos longest wait for room
	 * @return {@code false} if there was no room in time
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the queue is closed
	 */
	boolean offer(T item, long timeoutNanos) throws InterruptedException {
		return offer(item, timeoutNanos, true);
	}

	/**
	 * Add an item as {@link #offer(Object, long)} does, and say whether the calling thread may
	 * consume it itself (when the queue's inline policy would let it).
	 * @param item the item
	 * @param timeoutNanos longest wait for room
	 * @param mayConsumeInline {@code false} to always leave it to the executor
	 * @return {@code false} if there was no room in time
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the queue is closed
	 */
	boolean offer(T item, long timeoutNanos, boolean mayConsumeInline) throws InterruptedException {
		return offer(item, null, this.weigher.applyAsLong(item), timeoutNanos, false, mayConsumeInline, null);
	}

	/**
	 * Add several items at once (one lock round trip), waiting for room for all of them; consume
	 * them on the calling thread if asked to and nothing else is queued or being consumed (order
	 * is kept either way).
	 * @param batch the items, kept in order
	 * @param timeoutNanos longest wait for room
	 * @param inlineIfIdle whether the calling thread may consume the batch itself
	 * @return {@code false} if there was no room in time (nothing was added)
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the queue is closed
	 */
	boolean offerAll(List<T> batch, long timeoutNanos, boolean inlineIfIdle) throws InterruptedException {
		return offerAll(batch, timeoutNanos, inlineIfIdle, true);
	}

	/**
	 * Add several items as {@link #offerAll(List, long, boolean)} does.
	 * @param mayConsumeInline {@code false} to always leave them to the executor
	 */
	boolean offerAll(List<T> batch, long timeoutNanos, boolean inlineIfIdle, boolean mayConsumeInline)
			throws InterruptedException {
		return offer(null, batch, weigh(batch), timeoutNanos, inlineIfIdle, mayConsumeInline, null);
	}

	/**
	 * Add several items at once without waiting, beyond the limits if need be, for a producer
	 * that must never block (a reader on an event loop): when the queue is full afterwards, the
	 * producer is paused (under the queue's lock) and resumed once there is room again, or the
	 * queue closes. Consumed on the calling thread like {@link #offerAll}.
	 * @param batch the items, kept in order
	 * @param inlineIfIdle whether the calling thread may consume the batch itself
	 * @param producer the producer, paused if the queue is full afterwards
	 * @throws IllegalStateException if the queue is closed
	 */
	void offerAllOrPause(List<T> batch, boolean inlineIfIdle, PausingProducer producer) {
		try {
			offer(null, batch, weigh(batch), -1, inlineIfIdle, true, producer);
		}
		catch (InterruptedException ex) {
			// cannot happen without a wait; keep the caller's interrupt
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Add several items at once if there is room now; never waits and never consumes them on
	 * the calling thread (for threads that must not block: readers, timers).
	 * @param batch the items, kept in order
	 * @return {@code false} if there was no room (nothing was added)
	 * @throws IllegalStateException if the queue is closed
	 */
	boolean offerAllNow(List<T> batch) {
		try {
			return offer(null, batch, weigh(batch), 0, false, false, null);
		}
		catch (InterruptedException ex) {
			// cannot happen without a wait; keep the caller's interrupt
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private long weigh(List<T> batch) {
		long batchWeight = 0;
		for (int i = 0, n = batch.size(); i < n; i++) {
			batchWeight += this.weigher.applyAsLong(batch.get(i));
		}
		return batchWeight;
	}

	/**
	 * Add an item or a batch: wait for room up to the timeout, unless the producer is to be
	 * paused instead; then start a drain, inline or on the executor, unless one runs.
	 */
	private boolean offer(@Nullable T item, @Nullable List<T> batch, long addedWeight, long timeoutNanos,
			boolean inlineIfIdle, boolean mayConsumeInline, @Nullable PausingProducer pausing)
			throws InterruptedException {
		boolean schedule = false;
		boolean inline = false;
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			int addedItems = (batch != null) ? batch.size() : 1;
			while (!this.contents.refuses() && pausing == null
					&& this.contents.lacksRoomFor(addedWeight, addedItems)) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.waiters.await(remaining);
			}
			if (this.contents.refuses()) {
				throw new IllegalStateException("closed");
			}
			if (batch != null) {
				this.contents.addAll(batch, addedWeight);
			}
			else {
				this.contents.add(item, addedWeight);
			}
			if (pausing != null && this.contents.isFull()) {
				this.contents.markFull();
				this.waiters.pause(pausing);
			}
			if (this.contents.startDrain()) {
				inline = mayConsumeInline
						&& this.inline.decide(inlineIfIdle, this.contents.size() == addedItems, addedWeight);
				schedule = !inline;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (inline) {
			this.inline.run(this.drainOnce);
		}
		else if (schedule) {
			this.drain.schedule();
		}
		return true;
	}

	/**
	 * Refuse every further item if nothing is queued or being consumed now, so that the caller
	 * may hand on a last item itself, after everything before it.
	 * @return {@code true} if the queue was idle and now refuses items; {@code false} if items
	 * are queued or being consumed, or the queue was already sealed or closed
	 */
	boolean sealIfIdle() {
		this.lock.lock();
		try {
			if (this.contents.refuses() || !this.contents.isIdle()) {
				return false;
			}
			this.contents.seal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add a last item: no wait for room, never consumed on the calling thread (it may be
	 * stopping the node and must not block on a stalled peer), and no item is accepted after it.
	 * What is already queued still drains.
	 * @param item the last item
	 * @return {@code false} if the queue was already sealed or closed
	 */
	boolean offerLast(T item) {
		boolean schedule = false;
		this.lock.lock();
		try {
			if (this.contents.refuses()) {
				return false;
			}
			this.contents.seal();
			this.contents.add(item, this.weigher.applyAsLong(item));
			schedule = this.contents.startDrain();
		}
		finally {
			this.lock.unlock();
		}
		if (schedule) {
			this.drain.schedule();
		}
		return true;
	}

	/**
	 * Wait until everything queued has been consumed.
	 * @param timeoutNanos longest wait
	 * @return {@code true} if the queue is empty and idle
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitIdle(long timeoutNanos) throws InterruptedException {
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			while (!this.contents.isIdle()) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.waiters.await(remaining);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuse further items and hand back what was not consumed.
	 * @return items still queued
	 */
	List<T> close() {
		List<T> left;
		PausingProducer resume;
		this.lock.lock();
		try {
			left = this.contents.close();
			resume = this.waiters.wake(true);
		}
		finally {
			this.lock.unlock();
		}
		QueueWaiters.resume(resume);
		return left;
	}

	/**
	 * Close, and interrupt the thread consuming a batch now (a listener blocked on a closed
	 * session's packet must not hold its executor thread).
	 * @return items still queued
	 */
	List<T> closeAndInterrupt() {
		this.lock.lock();
		try {
			this.drain.interruptConsumer();
			return close();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuse further items and wake producers waiting for room (they get
	 * {@link IllegalStateException}); what is already queued still drains.
	 */
	void seal() {
		PausingProducer resume;
		this.lock.lock();
		try {
			this.contents.seal();
			resume = this.waiters.wake(true);
		}
		finally {
			this.lock.unlock();
		}
		QueueWaiters.resume(resume);
	}

	/**
	 * Whether {@link #close()} was called: a consumer stops handling the rest of its batch.
	 * @return {@code true} once closed
	 */
	boolean isClosed() {
		return underLock(this.contents::isClosed);
	}

	/**
	 * How long producers have found the queue full: since an offer first found no room, until a
	 * consumer takes a batch.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, 0 while there is room
	 */
	long fullForNanos(long now) {
		return underLock(() -> this.contents.fullForNanos(now));
	}

	/**
	 * Let producers consume their own items only while a condition holds.
	 * @param condition checked when an offer could be consumed inline
	 */
	void inlineOnlyWhen(BooleanSupplier condition) {
		this.inline.onlyWhen(condition);
	}

	/**
	 * Whether a producer is consuming its own item now (its send waits for the consumer).
	 * @return {@code true} during an inline consumption
	 */
	boolean isConsumingInline() {
		return this.inline.isConsuming();
	}

	/**
	 * Weight currently queued, not counting the batch being consumed.
	 * @return queued bytes
	 */
	long weight() {
		return underLock(this.contents::weight);
	}

	/** Read state under the lock (not on the per-item path: the result may be boxed). */
	private <R> R underLock(Supplier<R> read) {
		this.lock.lock();
		try {
			return read.get();
		}
		finally {
			this.lock.unlock();
		}
	}

}
