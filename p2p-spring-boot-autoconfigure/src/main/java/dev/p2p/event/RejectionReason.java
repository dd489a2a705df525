package dev.p2p.event;

/**
 * Why a received frame was not delivered.
 */
public enum RejectionReason {

	/** The type code is not in the packet-type enum (its payload was skipped). */
	UNKNOWN_TYPE,

	/** The announced length is above {@code p2p.max-payload-size}; the connection is closed. */
	OVERSIZE,

	/** The stream ended in the middle of the frame; the connection is closed. */
	TRUNCATED,

	/** The payload did not decode into the listener's parameter type. */
	DECODE_ERROR,

	/** No {@code @PacketListener} handles the type. */
	NO_LISTENER,

	/** An application frame arrived before the handshake completed; the connection is closed. */
	BEFORE_HANDSHAKE,

	/**
	 * A REPLY or ERROR for a request that is not waiting: it timed out already, or was never
	 * sent; the reply is dropped.
	 */
	LATE_REPLY,

	/** A REQUEST, REPLY or ERROR control frame whose payload is malformed; it is dropped. */
	MALFORMED_ENVELOPE,

	/**
	 * A stream frame that breaks the stream protocol: malformed, for a stream never opened, a
	 * reused stream id, or data beyond the credit the receiver granted; the connection is closed.
	 */
	STREAM_VIOLATION;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code unknown-type}
	 */
	public String tag() {
		return Tags.of(this);
	}

}
