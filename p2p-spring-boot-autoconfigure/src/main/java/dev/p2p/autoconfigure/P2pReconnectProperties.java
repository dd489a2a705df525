package dev.p2p.autoconfigure;

import java.time.Duration;

/**
 * Redialling of static peers after a loss: exponential backoff with jitter.
 * <p>
 * Bound under {@code p2p.reconnect} as part of {@link P2pProperties}.
 */
public class P2pReconnectProperties {

	/**
	 * Delay before the first redial.
	 */
	private Duration initialDelay = Duration.ofMillis(200);

	/**
	 * Longest delay between redials.
	 */
	private Duration maxDelay = Duration.ofSeconds(30);

	/**
	 * Factor by which the delay grows after each failed attempt.
	 */
	private double multiplier = 2.0;

	/**
	 * Fraction of the delay added or removed at random, so that peers do not redial in step.
	 */
	private double jitter = 0.2;

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		this.jitter = jitter;
	}

}
