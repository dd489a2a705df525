package dev.p2p.reach;

/**
 * Why a relay, or the node a circuit was meant for, refused a reservation or circuit, or why a
 * circuit ended: one byte in RELAY_REFUSED and CIRCUIT_CLOSE. Codes this version does not know
 * read as {@link #NORMAL}.
 */
public enum RelayReason {

	/** Ended by one of its ends, nothing wrong. */
	NORMAL(1),

	/** The target node is unknown here or holds no reservation. */
	NO_RESERVATION(2),

	/** This node does not relay ({@code p2p.relay.enabled=false}). */
	RELAY_DISABLED(3),

	/** The relay carries as many reservations or circuits as it allows in total. */
	TOTAL_LIMIT(4),

	/** The node asking, or the target, has as many circuits as one node may have. */
	PER_NODE_LIMIT(5),

	/** The circuit lasted as long as the relay allows. */
	DURATION_LIMIT(6),

	/** The circuit carried as many bytes as the relay allows. */
	DATA_LIMIT(7),

	/** The target refused the circuit or did not answer in time. */
	TARGET_REFUSED(8),

	/** A frame of the circuit broke the protocol (beyond its credit, malformed). */
	MALFORMED(9),

	/** The relay is shutting down. */
	RELAY_STOPPING(10),

	/** The session moved to a direct connection. */
	UPGRADED(11);

	private final int code;

	RelayReason(int code) {
		this.code = code;
	}

	/** The byte that stands for this reason on the wire. */
	public int code() {
		return this.code;
	}

	/**
	 * The reason a byte stands for.
	 * @param code the byte, unsigned
	 * @return the reason, {@link #NORMAL} for codes this version does not know
	 */
	public static RelayReason of(int code) {
		for (RelayReason reason : values()) {
			if (reason.code == code) {
				return reason;
			}
		}
		return NORMAL;
	}

}
