package dev.p2p.peer;

/**
 * How a session's frames travel between the two nodes.
 */
public enum SessionPath {

	/** On a connection between the two nodes. */
	DIRECT,

	/** Inside a circuit of a relay node, end to end ({@code p2p.relay}). */
	RELAYED;

	/**
	 * Lower-case name, for logs, metrics and the actuator.
	 * @return {@code direct} or {@code relayed}
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
