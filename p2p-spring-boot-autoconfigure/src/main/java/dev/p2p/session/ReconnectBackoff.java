package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for redialling static peers.
 *
 * @param initialDelay delay before the first retry
 * @param maxDelay longest delay
 * @param multiplier growth per failed attempt
 * @param jitter fraction of the delay added or removed at random (0 to 1)
 */
public record ReconnectBackoff(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

	/** 200 ms doubling up to 30 s, with 20 % jitter. */
	public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(30),
			2.0, 0.2);

	public ReconnectBackoff {
		if (initialDelay.isNegative() || initialDelay.isZero()) {
			throw new IllegalArgumentException("Reconnect initial delay must be positive, was " + initialDelay);
		}
		if (maxDelay.compareTo(initialDelay) < 0) {
			throw new IllegalArgumentException(
					"Reconnect max delay " + maxDelay + " is shorter than the initial delay " + initialDelay);
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("Reconnect multiplier must be at least 1, was " + multiplier);
		}
		if (!(jitter >= 0 && jitter <= 1)) {
			throw new IllegalArgumentException("Reconnect jitter must be from 0 to 1, was " + jitter);
		}
	}

	/**
	 * Delay before a retry.
	 * @param attempt failed attempts so far (0 for the first retry)
	 * @return the delay, jittered, never above the maximum delay
	 */
	public Duration delay(int attempt) {
		double base = this.initialDelay.toMillis() * Math.pow(this.multiplier, Math.min(attempt, 62));
		double capped = Math.min(base, this.maxDelay.toMillis());
		double spread = capped * this.jitter;
		double jittered = (spread > 0) ? capped + ThreadLocalRandom.current().nextDouble(-spread, spread) : capped;
		return Duration.ofMillis(Math.max(1, Math.min(Math.round(jittered), this.maxDelay.toMillis())));
	}

}
