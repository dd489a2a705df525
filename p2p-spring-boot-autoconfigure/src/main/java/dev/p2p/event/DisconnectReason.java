package dev.p2p.event;

/**
 * Why a peer session ended.
 */
public enum DisconnectReason {

	/** The peer said goodbye (BYE) or closed its end between frames. */
	CLOSED_BY_PEER,

	/** This node is stopping. */
	SHUTDOWN,

	/** The application disconnected the peer. */
	CLOSED_BY_APPLICATION,

	/** Another connection to the same peer was kept instead (simultaneous dial or reconnect). */
	DUPLICATE,

	/** The peer broke the protocol: a frame over the size limit, a stream cut mid-frame, ... */
	PROTOCOL_ERROR,

	/** Reading or writing failed (connection reset, broken pipe, ...). */
	IO_ERROR,

	/** The peer broke a limit of {@code p2p.limits.*}: idle too long, too many requests in flight. */
	LIMIT_EXCEEDED,

	/** Nothing arrived from the peer within {@code p2p.heartbeat.timeout}: it hangs or is unreachable. */
	TIMEOUT;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code closed-by-peer}
	 */
	public String tag() {
		return Tags.of(this);
	}

}
