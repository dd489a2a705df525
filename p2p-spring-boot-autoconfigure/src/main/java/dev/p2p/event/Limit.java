package dev.p2p.event;

/**
 * The limits a peer can break ({@code p2p.limits.*}, {@code p2p.max-payload-size},
 * {@code p2p.handshake.timeout}); each violation is counted in {@code p2p.limits.exceeded}.
 */
public enum Limit {

	/** Open inbound connections, handshaking ones included ({@code p2p.limits.max-connections}). */
	MAX_CONNECTIONS,

	/** Open inbound connections from one address ({@code p2p.limits.max-connections-per-address}). */
	MAX_CONNECTIONS_PER_ADDRESS,

	/** New connections per second from one address ({@code p2p.limits.connection-rate}). */
	CONNECTION_RATE,

	/** Inbound connections still in their handshake ({@code p2p.limits.max-handshaking}). */
	MAX_HANDSHAKING,

	/**
	 * Inbound connections from one address still in their handshake
	 * ({@code p2p.limits.max-handshaking-per-address}).
	 */
	MAX_HANDSHAKING_PER_ADDRESS,

	/** No complete handshake within {@code p2p.handshake.timeout}. */
	HANDSHAKE_TIMEOUT,

	/** No frame from an established peer within {@code p2p.limits.idle-timeout}. */
	IDLE_TIMEOUT,

	/** A frame announced more than {@code p2p.max-payload-size}. */
	MAX_PAYLOAD_SIZE,

	/** More requests from one peer waiting for their answer than {@code p2p.limits.max-requests-in-flight}. */
	MAX_REQUESTS_IN_FLIGHT;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code max-connections-per-address}
	 */
	public String tag() {
		return Tags.of(this);
	}

}
