package dev.p2p.discovery;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;

/**
 * Configuration of discovery, bound from {@code p2p.discovery.*} by the auto-configuration.
 *
 * @param udp whether to send and receive UDP adverts
 * @param mode broadcast or multicast
 * @param port the UDP port shared by every node of the network
 * @param group the multicast group (mode multicast)
 * @param interval how often this node adverts itself; a peer silent for three intervals is lost
 * @param ttl time-to-live of multicast adverts
 * @param networkInterface the interface to use by name, {@code null} for every IPv4 interface
 * that is up
 * @param advertisedHost the host put in adverts, {@code null} for the bound address or, when
 * bound to the wildcard, the datagram's source address
 * @param autoConnect whether to dial discovered peers
 * @param dnsName a DNS name whose addresses are peers, with their port, or {@code null}
 * @param dnsInterval how often the name is resolved again
 * @param peerExchange whether to ask connected peers for their peers
 * @param peerExchangeInterval how often they are asked
 * @param requestTimeout how long a GET_PEERS waits for its answer
 * @param maxPeers no discovered peer is dialled while this many sessions are established
 * @param ipv4 whether UDP adverts go over IPv4 (broadcast or multicast, per {@code mode})
 * @param ipv6 whether UDP adverts also go to an IPv6 link-local multicast group
 * @param ipv6Group that group
 */
public record DiscoverySettings(boolean udp, DiscoveryMode mode, int port, String group, Duration interval, int ttl,
		@Nullable String networkInterface, @Nullable String advertisedHost, boolean autoConnect,
		@Nullable PeerAddress dnsName, Duration dnsInterval, boolean peerExchange, Duration peerExchangeInterval,
		Duration requestTimeout, int maxPeers, boolean ipv4, boolean ipv6, String ipv6Group) {

	/** The IPv6 link-local multicast group of discovery unless configured otherwise. */
	public static final String DEFAULT_IPV6_GROUP = "ff02::7032";

	/**
	 * Whether any kind of discovery is on.
	 * @return {@code true} if UDP, DNS or peer exchange is
	 */
	public boolean anyEnabled() {
		return this.udp || this.dnsName != null || this.peerExchange;
	}

}
