package dev.p2p.autoconfigure;

import java.time.Duration;

/**
 * Requests sent with PacketOperations.request.
 * <p>
 * Bound under {@code p2p.request} as part of {@link P2pProperties}.
 */
public class P2pRequestProperties {

	/**
	 * How long a request waits for its reply before it fails; a reply that comes later is
	 * dropped and counted as a late-reply rejection.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
