package dev.p2p.event;

import java.util.Locale;

/**
 * Why a discovery datagram was dropped (the {@code reason} tag of
 * {@code p2p.discovery.datagrams.dropped}).
 */
public enum DatagramDropReason {

	/** Longer than the advert size limit. */
	OVERSIZE,

	/** Not an advert: wrong magic, truncated, a length running past the end, a bad id. */
	MALFORMED,

	/** An advert format version this node does not read. */
	UNSUPPORTED_VERSION,

	/** An advert of another network id. */
	FOREIGN_NETWORK,

	/** This node's own advert, looped back. */
	OWN,

	/**
	 * Its authentication tag did not verify, or it claims this node's id from another
	 * process.
	 */
	SPOOFED,

	/**
	 * An advert of a peer this node does not know yet while it already knows as many as it
	 * keeps (eight times {@code p2p.discovery.max-peers}, at least 256): a flood of made-up node
	 * ids cannot grow the table.
	 */
	TOO_MANY_PEERS;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code foreign-network}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
