package dev.p2p.event;

/**
 * How a handshake failed.
 */
public enum HandshakeFailure {

	/** No complete HELLO (or answer) within {@code p2p.handshake.timeout}. */
	TIMEOUT,

	/** The HELLO or answer could not be parsed or broke the protocol. */
	MALFORMED,

	/** This node denied the peer (network id, duplicate, a hook, connection limit, ...). */
	DENIED_LOCALLY,

	/** The peer denied this node. */
	DENIED_BY_PEER,

	/** The connection closed before the handshake finished. */
	CONNECTION_LOST,

	/**
	 * The TLS handshake failed: a plaintext peer on a TLS port (or the reverse), an untrusted
	 * or missing certificate, no common protocol version.
	 */
	TLS,

	/** The peer has no network key, or another one ({@code p2p.security.network-key}). */
	UNAUTHENTICATED,

	/** The peer is not on this node's allow-list ({@code p2p.security.allowed-*}). */
	NOT_ALLOWED,

	/** A connection limit ({@code p2p.limits.*}) refused the connection. */
	LIMIT_EXCEEDED;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code denied-by-peer}
	 */
	public String tag() {
		return Tags.of(this);
	}

}
