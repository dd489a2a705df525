package dev.p2p.event;

import java.util.Locale;

/**
 * How a peer was discovered.
 */
public enum DiscoverySource {

	/** Its UDP adverts (broadcast or multicast). */
	UDP,

	/** An address of the DNS name {@code p2p.discovery.dns-name}. */
	DNS,

	/** A connected peer's answer to GET_PEERS. */
	PEER_EXCHANGE,

	/** A PONG to a peerpy UDP PING (the peerpy profile). */
	PEERPY,

	/** A pnet advert (the pnet profile). */
	PNET;

	/**
	 * Lower-case form for logs and metric tags.
	 * @return for example {@code peer-exchange}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
