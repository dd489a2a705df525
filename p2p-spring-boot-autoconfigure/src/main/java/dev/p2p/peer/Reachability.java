package dev.p2p.peer;

import java.util.Locale;

/**
 * Whether other nodes can dial this node, as learnt from dial-backs of its observed addresses
 * (AutoNAT-style).
 */
public enum Reachability {

	/** A peer dialled one of the node's addresses back and reached it. */
	PUBLIC,

	/** Dial-backs of every candidate address failed: the node is behind a NAT or firewall. */
	PRIVATE,

	/** Not known yet: no candidate address, or no dial-back answered. */
	UNKNOWN;

	/**
	 * Lower-case name, as shown by the actuator and in metrics tags.
	 * @return {@code public}, {@code private} or {@code unknown}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
