package dev.p2p.reach;

/**
 * Where a node learned one of its addresses, which says how far a dialer may trust it. Sent as
 * one byte in an {@link AddressList}; codes this version does not know read as
 * {@link #OBSERVED}, the least trusted kind.
 */
public enum AddressKind {

	/** An address of one of the node's own interfaces that it listens on. */
	LISTEN(0),

	/** An address a peer saw a connection of this node come from, not confirmed. */
	OBSERVED(1),

	/** An observed address that a peer dialled back successfully: the node is reachable there. */
	CONFIRMED(2);

	private final int code;

	AddressKind(int code) {
		this.code = code;
	}

	/** The byte that stands for this kind on the wire. */
	public int code() {
		return this.code;
	}

	/**
	 * The kind a byte stands for.
	 * @param code the byte, unsigned
	 * @return the kind, {@link #OBSERVED} for codes this version does not know
	 */
	public static AddressKind of(int code) {
		for (AddressKind kind : values()) {
			if (kind.code == code) {
				return kind;
			}
		}
		return OBSERVED;
	}

}
