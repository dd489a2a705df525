package dev.p2p.session;

import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * When a producer of a {@link SerialQueue} consumes its own items on its thread instead of
 * handing them to an executor task: when asked to and nothing else is queued (inbound frames of
 * inline types), for an item offered after the queue has been idle for a while (a lone packet),
 * or for a heavy item offered while nothing is being consumed (batching gains nothing for it).
 */
final class InlineConsumption {

	private static final Log logger = LogFactory.getLog(SerialQueue.class);

	private final long afterIdleNanos;

	private final long fromWeight;

	// guarded by the queue's lock
	private long idleSince = System.nanoTime();

	private volatile boolean consuming;

	/** Whether the consumer could run without waiting now; inline consumption only then. */
	private volatile BooleanSupplier gate = () -> true;

	/**
	 * Create the policy of a queue.
	 * @param afterIdleNanos if positive, an item offered after the queue has been idle this long
	 * is consumed inline
	 * @param fromWeight an item at least this heavy, offered while nothing is being consumed, is
	 * consumed inline
	 */
	InlineConsumption(long afterIdleNanos, long fromWeight) {
		this.afterIdleNanos = afterIdleNanos;
		this.fromWeight = fromWeight;
	}

	/**
	 * Whether the items just offered to an idle queue (no drain running) are consumed inline.
	 * @param asked whether the producer asked to consume them if nothing else is queued
	 * @param onlyThese whether they are all that is queued
	 * @param addedWeight their weight
	 * @return {@code true} to consume them on the producer's thread
	 */
	boolean decide(boolean asked, boolean onlyThese, long addedWeight) {
		if (!this.gate.getAsBoolean()) {
			return false;
		}
		return (asked && onlyThese) || (addedWeight >= this.fromWeight && onlyThese)
				|| (this.afterIdleNanos > 0 && System.nanoTime() - this.idleSince >= this.afterIdleNanos);
	}

	/** The queue drained everything (under its lock). */
	void idle() {
		this.idleSince = System.nanoTime();
	}

	/**
	 * Consume on the producer's thread; an interrupt the consumer leaves behind is cleared, as it
	 * would break the producer's next wait.
	 * @param drain consumes one batch
	 */
	void run(Runnable drain) {
		boolean callerInterrupted = Thread.currentThread().isInterrupted();
		this.consuming = true;
		try {
			drain.run();
		}
		finally {
			this.consuming = false;
		}
		if (!callerInterrupted && Thread.interrupted()) {
			// the consumer's interrupt is its own: left set, it would break the caller's next wait
			logger.debug("Cleared an interrupt left by an inline consumer");
		}
	}

	/**
	 * Consume inline only while a condition holds (the connection can write without waiting).
	 * @param condition checked on every decision, under the queue's lock
	 */
	void onlyWhen(BooleanSupplier condition) {
		this.gate = condition;
	}

	/**
	 * Whether a producer is consuming its own item now (its send waits for the consumer).
	 * @return {@code true} during an inline consumption
	 */
	boolean isConsuming() {
		return this.consuming;
	}

}
