package dev.p2p.session;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 *
 * @param <T> the item type
 */
final class SerialQueue<T> {

	private static final Log logger = LogFactory.getLog(SerialQueue.class);

	private static final int BATCHES_PER_TASK = 16;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ToLongFunction<T> weigher;

	private final Executor executor;

	private final Consumer<List<T>> consumer;

	private final QueueContents<T> contents;

	private final InlineConsumption inline;

	private final Runnable drainOnce = () -> drain(1);

	private boolean draining;

	private boolean closed;

	private boolean sealed;

	/** The thread consuming a batch now (guarded by the lock), interrupted by {@link #closeAndInterrupt()}. */
	private Thread drainer;

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
		this.executor = executor;
		this.consumer = consumer;
		this.inline = new InlineConsumption(inlineAfterIdleNanos, inlineFromWeight);
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
		return offer(item, null, this.weigher.applyAsLong(item), timeoutNanos, false, true, null, null);
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
		return offer(null, batch, weigh(batch), timeoutNanos, inlineIfIdle, true, null, null);
	}

	/**
	 * Add several items at once without waiting, beyond the limits if need be, for a producer
	 * that must never block (a reader on an event loop): when the queue is full afterwards, the
	 * producer is paused (under the queue's lock) and resumed once there is room again, or the
	 * queue closes. Consumed on the calling thread like {@link #offerAll}.
	 * @param batch the items, kept in order
	 * @param inlineIfIdle whether the calling thread may consume the batch itself
	 * @param pause stops the producer
	 * @param resume lets it go on; runs on whichever thread makes room, outside the lock
	 * @throws IllegalStateException if the queue is closed
	 */
	void offerAllOrPause(List<T> batch, boolean inlineIfIdle, Runnable pause, Runnable resume) {
		try {
			offer(null, batch, weigh(batch), -1, inlineIfIdle, true, pause, resume);
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
			return offer(null, batch, weigh(batch), 0, false, false, null, null);
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

	private boolean offer(T item, List<T> batch, long addedWeight, long timeoutNanos, boolean inlineIfIdle,
			boolean mayConsumeInline, Runnable pause, Runnable resume) throws InterruptedException {
		boolean schedule = false;
		boolean inline = false;
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			int addedItems = (batch != null) ? batch.size() : 1;
			while (!this.closed && !this.sealed && pause == null
					&& this.contents.lacksRoomFor(addedWeight, addedItems)) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.changed.awaitNanos(remaining);
			}
			if (this.closed || this.sealed) {
				throw new IllegalStateException("closed");
			}
			if (batch != null) {
				this.contents.addAll(batch, addedWeight);
			}
			else {
				this.contents.add(item, addedWeight);
			}
			if (pause != null && this.contents.isFull()) {
				pause.run();
				this.contents.resumeWhenRoom(resume);
			}
			if (!this.draining) {
				this.draining = true;
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
			schedule();
		}
		return true;
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
			if (this.closed || this.sealed) {
				return false;
			}
			this.sealed = true;
			this.contents.add(item, this.weigher.applyAsLong(item));
			if (!this.draining) {
				this.draining = true;
				schedule = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (schedule) {
			schedule();
		}
		return true;
	}

	private void schedule() {
		try {
			this.executor.execute(() -> drain(BATCHES_PER_TASK));
		}
		catch (RejectedExecutionException ex) {
			// the executor is shutting down: drain on this thread rather than lose items
			drain(Integer.MAX_VALUE);
		}
	}

	/**
	 * Consume batches until the queue is empty or {@code rounds} batches are done; in the
	 * latter case the rest is left to an executor task.
	 */
	private void drain(int rounds) {
		for (int round = 0;; round++) {
			List<T> batch;
			Runnable resume;
			this.lock.lock();
			try {
				if (this.contents.isEmpty() || this.closed) {
					// closed: a task still waiting in the executor returns at once, holding no thread
					this.draining = false;
					this.inline.idle();
					this.changed.signalAll();
					return;
				}
				if (round == rounds) {
					break;
				}
				batch = this.contents.take();
				this.drainer = Thread.currentThread();
				this.changed.signalAll();
				resume = this.contents.takeResumption(false);
			}
			finally {
				this.lock.unlock();
			}
			run(resume);
			try {
				this.consumer.accept(batch);
			}
			catch (RuntimeException | Error ex) {
				// a failing consumer must not leave the queue marked as draining forever
				logger.error("Failed to consume " + batch.size() + " queued items", ex);
			}
			finally {
				batch.clear();
				boolean closedMeanwhile;
				this.lock.lock();
				try {
					this.contents.giveBack(batch);
					this.drainer = null;
					this.changed.signalAll();
					closedMeanwhile = this.closed;
					resume = this.contents.takeResumption(false);
				}
				finally {
					this.lock.unlock();
				}
				run(resume);
				if (closedMeanwhile && Thread.interrupted()) {
					// the interrupt was aimed at this queue's consumer, not at the thread's next task
					logger.debug("Cleared the interrupt that ended a closed queue's consumer");
				}
			}
		}
		schedule();
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
			while (this.draining || !this.contents.isEmpty()) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.changed.awaitNanos(remaining);
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
		Runnable resume;
		this.lock.lock();
		try {
			this.closed = true;
			left = this.contents.removeAll();
			this.changed.signalAll();
			resume = this.contents.takeResumption(true);
		}
		finally {
			this.lock.unlock();
		}
		run(resume);
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
			// under the lock: the consumer clears the interrupt after it has let go of the batch
			Thread consuming = this.drainer;
			if (consuming != null && consuming != Thread.currentThread()) {
				consuming.interrupt();
			}
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
		Runnable resume;
		this.lock.lock();
		try {
			this.sealed = true;
			this.changed.signalAll();
			resume = this.contents.takeResumption(true);
		}
		finally {
			this.lock.unlock();
		}
		run(resume);
	}

	private static void run(Runnable resume) {
		if (resume != null) {
			resume.run();
		}
	}

	/**
	 * Whether {@link #close()} was called: a consumer stops handling the rest of its batch.
	 * @return {@code true} once closed
	 */
	boolean isClosed() {
		return underLock(() -> this.closed);
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
	void inlineOnlyWhen(java.util.function.BooleanSupplier condition) {
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
