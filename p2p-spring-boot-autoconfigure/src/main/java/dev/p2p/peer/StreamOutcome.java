package dev.p2p.peer;

/**
 * How a stream ended, as the {@code outcome} tag of {@code p2p.streams} and in
 * {@code dev.p2p.event.StreamFailedEvent}.
 */
public enum StreamOutcome {

	/** The receiver read it to the end and the length and SHA-256 matched. */
	SUCCESS,

	/** The receiver refused it: no listener takes a stream of its type, or too many streams are open. */
	REJECTED,

	/**
	 * Given up on purpose: the sender's application or data source, or the receiving listener
	 * (it returned or threw before the end, or closed the stream).
	 */
	CANCELLED,

	/** The data received does not match the length or SHA-256 of STREAM_END. */
	INTEGRITY_ERROR,

	/** No progress within {@code p2p.stream.idle-timeout}. */
	TIMEOUT,

	/** The connection ended (or broke the stream protocol) before the stream did. */
	BROKEN;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code integrity-error}
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
