package dev.p2p.handshake;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A {@link HandshakeInterceptor}'s verdict on an offer.
 *
 * @param accepted whether the peer may connect
 * @param reason why it was denied, sent to the peer in the DENY; {@code null} when accepted
 */
public record HandshakeDecision(boolean accepted, @Nullable String reason) {

	private static final HandshakeDecision ACCEPT = new HandshakeDecision(true, null);

	/**
	 * Let the peer in (as far as this interceptor is concerned).
	 * @return the acceptance
	 */
	public static HandshakeDecision accept() {
		return ACCEPT;
	}

	/**
	 * Refuse the peer.
	 * @param reason sent to the peer and published in the failure event; keep secrets out of it
	 * @return the denial
	 */
	public static HandshakeDecision deny(String reason) {
		return new HandshakeDecision(false, Objects.requireNonNull(reason, "reason must not be null"));
	}

}
