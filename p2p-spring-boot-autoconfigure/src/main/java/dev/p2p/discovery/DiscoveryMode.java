package dev.p2p.discovery;

/**
 * How discovery datagrams travel.
 */
public enum DiscoveryMode {

	/**
	 * To the IPv4 broadcast address of each interface (127.255.255.255 on loopback), reaching
	 * every host of the broadcast domain.
	 */
	BROADCAST,

	/** To a multicast group, reaching the hosts that joined it within the datagrams' TTL. */
	MULTICAST

}
