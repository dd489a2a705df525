package dev.p2p.nat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What hole punching counts for metrics (rounds that went direct, rounds given up, refused
 * PUNCH_JOINs, time to direct), and the failed rounds per peer that set the retry delay.
 */
final class HolePunchStats {

	private final Map<String, Integer> failedRounds = new ConcurrentHashMap<>();

	private final AtomicLong direct = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong successNanos = new AtomicLong();

	/**
	 * A round went direct.
	 * @param nodeId the peer
	 * @param initiated whether this node initiated it (only those are counted)
	 * @param nanos time from the first PUNCH_CONNECT
	 */
	void succeeded(String nodeId, boolean initiated, long nanos) {
		this.failedRounds.remove(nodeId);
		if (initiated) {
			this.direct.incrementAndGet();
			this.successNanos.addAndGet(nanos);
		}
	}

	/**
	 * A round this node initiated was given up.
	 * @param nodeId the peer
	 * @param retry the first retry delay
	 * @param maxRetry the longest
	 * @return the delay before the next round: {@code retry}, doubled for each failed round before
	 */
	Duration failed(String nodeId, Duration retry, Duration maxRetry) {
		this.failed.incrementAndGet();
		int rounds = this.failedRounds.merge(nodeId, 1, Integer::sum);
		return Duration.ofMillis(Math.min(maxRetry.toMillis(), retry.toMillis() << Math.min(20, rounds - 1)));
	}

	/** A PUNCH_JOIN was refused. */
	void rejected() {
		this.rejected.incrementAndGet();
	}

	/**
	 * Counts for metrics.
	 * @param outcome {@code direct}, {@code failed} or {@code rejected}
	 * @return how many so far
	 */
	long count(String outcome) {
		return switch (outcome) {
			case "direct" -> this.direct.get();
			case "failed" -> this.failed.get();
			case "rejected" -> this.rejected.get();
			default -> 0;
		};
	}

	/** Total time to direct of the successful rounds this node initiated, in nanoseconds. */
	long successNanos() {
		return this.successNanos.get();
	}

}
