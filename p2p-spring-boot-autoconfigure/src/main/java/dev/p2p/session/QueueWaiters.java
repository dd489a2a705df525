package dev.p2p.session;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Who waits on a {@link SerialQueue} and how they are woken: producers blocked until there is
 * room and callers waiting for the queue to go idle share one condition; a producer that must
 * never block is paused instead, and resumed by the first thread that finds room again (or
 * closes the queue). Not thread-safe: guarded by the queue's lock; a resumption runs outside it.
 */
final class QueueWaiters {

	private final Condition changed;

	/** The producer paused because the queue is full, {@code null} if none is. */
	private @Nullable PausingProducer paused;

	QueueWaiters(ReentrantLock lock) {
		this.changed = lock.newCondition();
	}

	/**
	 * Wait for a change (room freed, the queue idle, closed or sealed), holding the queue's lock.
	 * @param nanos longest wait
	 * @return what is left of it
	 * @throws InterruptedException if interrupted
	 */
	long await(long nanos) throws InterruptedException {
		return this.changed.awaitNanos(nanos);
	}

	/**
	 * The queue is full after a producer's items: pause it until {@link #wake} finds room.
	 * @param producer the producer
	 */
	void pause(PausingProducer producer) {
		producer.pause().run();
		this.paused = producer;
	}

	/** Wake the waiting threads: something changed, but there may be no room yet. */
	void wake() {
		this.changed.signalAll();
	}

	/**
	 * Wake the waiting threads, and hand out the paused producer if there is room now (or the
	 * queue ended), forgotten here: the caller passes it to {@link #resume} outside the lock.
	 * @param room whether there is room, or the queue refuses items from now on
	 * @return the paused producer to resume, or {@code null}
	 */
	@Nullable PausingProducer wake(boolean room) {
		this.changed.signalAll();
		PausingProducer producer = this.paused;
		if (producer == null || !room) {
			return null;
		}
		this.paused = null;
		return producer;
	}

	/**
	 * Resume a producer {@link #wake} handed out (outside the queue's lock).
	 * @param producer the producer, or {@code null} for none
	 */
	static void resume(@Nullable PausingProducer producer) {
		if (producer != null) {
			producer.resume().run();
		}
	}

}
