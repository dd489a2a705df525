package dev.p2p.autoconfigure;

import java.time.Duration;

/**
 * Heartbeat: PING control frames on idle sessions and failure detection (handshake mode
 * hello only; dpea-p2p peers in mode none are never pinged).
 * <p>
 * Bound under {@code p2p.heartbeat} as part of {@link P2pProperties}.
 */
public class P2pHeartbeatProperties {

	/**
	 * Whether to ping peers and close sessions that stay silent.
	 */
	private boolean enabled = true;

	/**
	 * How often every session is pinged.
	 */
	private Duration interval = Duration.ofSeconds(5);

	/**
	 * How long a peer may send nothing at all (no frame, no PONG) before it is declared dead
	 * and its session closed with reason timeout. Must be longer than the interval.
	 */
	private Duration timeout = Duration.ofSeconds(15);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
