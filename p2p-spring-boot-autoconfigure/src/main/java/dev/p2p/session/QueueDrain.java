package dev.p2p.session;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The consumer side of a {@link SerialQueue}: takes everything queued as one batch and runs the
 * consumer on it, on executor tasks or, for an inline consumption, on a producer's thread. At
 * most one drain runs at a time, which keeps order; a task gives its thread back after a few
 * batches so one busy queue cannot hold an executor thread forever; a failing consumer is
 * logged and the drain goes on.
 *
 * @param <T> the item type
 */
final class QueueDrain<T> {

	private static final Log logger = LogFactory.getLog(SerialQueue.class);

	private static final int BATCHES_PER_TASK = 16;

	private final ReentrantLock lock;

	private final QueueContents<T> contents;

	private final QueueWaiters waiters;

	private final InlineConsumption inline;

	private final Executor executor;

	private final Consumer<List<T>> consumer;

	/** Consumes one batch on a producer's thread, then leaves the rest to a task: made once. */
	private final Runnable once = () -> run(1);

	/** The thread consuming a batch now (guarded by the lock), interrupted by {@link #interruptConsumer()}. */
	private @Nullable Thread consuming;

	/**
	 * Create the drain of a queue.
	 * @param lock the queue's lock, which guards the contents and the waiters
	 */
	QueueDrain(ReentrantLock lock, QueueContents<T> contents, QueueWaiters waiters, InlineConsumption inline,
			Executor executor, Consumer<List<T>> consumer) {
		this.lock = lock;
		this.contents = contents;
		this.waiters = waiters;
		this.inline = inline;
		this.executor = executor;
		this.consumer = consumer;
	}

	/**
	 * The drain of one batch on the calling thread (for {@link InlineConsumption#run}).
	 * @return the same task every time
	 */
	Runnable once() {
		return this.once;
	}

	/** Drain on an executor task; the queue was marked draining under its lock. */
	void schedule() {
		try {
			this.executor.execute(() -> run(BATCHES_PER_TASK));
		}
		catch (RejectedExecutionException ex) {
			// the executor is shutting down: drain on this thread rather than lose items
			run(Integer.MAX_VALUE);
		}
	}

	/**
	 * Interrupt the thread consuming a batch now, unless it is the caller (a listener blocked on
	 * a closed session's packet must not hold its executor thread). Called under the lock: the
	 * consumer clears the interrupt after it has let go of the batch.
	 */
	void interruptConsumer() {
		Thread thread = this.consuming;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
	}

	/**
	 * Consume batches until the queue is empty or {@code rounds} batches are done; in the
	 * latter case the rest is left to an executor task.
	 */
	private void run(int rounds) {
		for (int round = 0;; round++) {
			List<T> batch;
			PausingProducer resume;
			this.lock.lock();
			try {
				if (this.contents.isEmpty() || this.contents.isClosed()) {
					// closed: a task still waiting in the executor returns at once, holding no thread
					this.contents.drainEnded();
					this.inline.idle();
					this.waiters.wake();
					return;
				}
				if (round == rounds) {
					break;
				}
				batch = this.contents.take();
				this.consuming = Thread.currentThread();
				resume = this.waiters.wake(!this.contents.isFull());
			}
			finally {
				this.lock.unlock();
			}
			QueueWaiters.resume(resume);
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
					this.consuming = null;
					resume = this.waiters.wake(!this.contents.isFull());
					closedMeanwhile = this.contents.isClosed();
				}
				finally {
					this.lock.unlock();
				}
				QueueWaiters.resume(resume);
				if (closedMeanwhile && Thread.interrupted()) {
					// the interrupt was aimed at this queue's consumer, not at the thread's next task
					logger.debug("Cleared the interrupt that ended a closed queue's consumer");
				}
			}
		}
		schedule();
	}

}
