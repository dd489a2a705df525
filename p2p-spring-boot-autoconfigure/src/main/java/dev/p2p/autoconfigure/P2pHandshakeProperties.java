package dev.p2p.autoconfigure;

import java.time.Duration;

import dev.p2p.handshake.HandshakeMode;

/**
 * How connections start.
 * <p>
 * Bound under {@code p2p.handshake} as part of {@link P2pProperties}.
 */
public class P2pHandshakeProperties {

	/**
	 * Handshake mode: "hello" (HELLO then ACCEPT or DENY) or "none" (raw dpea-p2p frames
	 * from the first byte, for unmodified dpea-p2p peers).
	 */
	private HandshakeMode mode = HandshakeMode.HELLO;

	/**
	 * How long a connection may take to complete its handshake before it is closed.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * How long an inbound connection may take to deliver its complete HELLO (TLS handshake
	 * included) before it is closed; at most the handshake timeout. Connections that send
	 * nothing useful are dropped early, so they hold a handshake slot
	 * (p2p.limits.max-handshaking) only briefly.
	 */
	private Duration helloTimeout = Duration.ofSeconds(2);

	public HandshakeMode getMode() {
		return this.mode;
	}

	public void setMode(HandshakeMode mode) {
		this.mode = mode;
	}

	public Duration getHelloTimeout() {
		return this.helloTimeout;
	}

	public void setHelloTimeout(Duration helloTimeout) {
		this.helloTimeout = helloTimeout;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
