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
	CONNECTION_LOST;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code denied-by-peer}
	 */
	public String tag() {
		return Tags.of(this);
	}

}
