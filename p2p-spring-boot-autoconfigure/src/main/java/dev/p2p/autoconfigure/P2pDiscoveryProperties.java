package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Name;

import dev.p2p.discovery.DiscoveryMode;
import dev.p2p.discovery.DiscoverySettings;

/**
 * Finding peers without configuring their addresses: UDP adverts on the LAN, a DNS name
 * with many addresses, and peer exchange.
 * <p>
 * Bound under {@code p2p.discovery} as part of {@link P2pProperties}.
 */
public class P2pDiscoveryProperties {

	/**
	 * Whether to advertise this node and listen for the adverts of others over UDP.
	 */
	private boolean enabled;

	/**
	 * How adverts travel: to the IPv4 broadcast address of each interface, or to a multicast
	 * group.
	 */
	private DiscoveryMode mode = DiscoveryMode.BROADCAST;

	/**
	 * UDP port adverts are sent to and received on; every node of a network uses the same
	 * one (several nodes on one machine share it).
	 */
	private int port = 5002;

	/**
	 * Multicast group for mode multicast.
	 */
	private String group = "239.255.42.99";

	/**
	 * How often this node adverts itself. A peer whose adverts stop for three intervals
	 * is forgotten.
	 */
	private Duration interval = Duration.ofSeconds(2);

	/**
	 * Whether adverts go over IPv4 (broadcast or multicast, per mode). Off on an IPv6-only
	 * host, with ipv6 on.
	 */
	private boolean ipv4 = true;

	/**
	 * Whether adverts also go to an IPv6 link-local multicast group (ipv6-group) on every
	 * interface that has IPv6 and multicast (or the one named by interface).
	 */
	private boolean ipv6;

	/**
	 * IPv6 link-local multicast group of the adverts (with ipv6 on).
	 */
	private String ipv6Group = DiscoverySettings.DEFAULT_IPV6_GROUP;

	/**
	 * Time-to-live of multicast adverts (1 keeps them on the local network).
	 */
	private int ttl = 1;

	/**
	 * Network interface to advertise on and listen on, by name (for example eth0 or lo).
	 * Every IPv4 interface that is up when not set.
	 */
	@Name("interface")
	private String networkInterface;

	/**
	 * Whether to dial the peers discovered by adverts, DNS and peer exchange.
	 */
	private boolean autoConnect = true;

	/**
	 * DNS name whose addresses are all peers, as "name:port" (for example a Kubernetes
	 * headless service); works without UDP adverts.
	 */
	private String dnsName;

	/**
	 * How often the DNS name is resolved again.
	 */
	private Duration dnsInterval = Duration.ofSeconds(30);

	/**
	 * Whether to ask connected peers for their peers (the built-in get_peers command) and
	 * dial the ones this node does not know.
	 */
	private boolean peerExchange;

	/**
	 * How often connected peers are asked for their peers.
	 */
	private Duration peerExchangeInterval = Duration.ofSeconds(30);

	/**
	 * Most peers to be connected to (or being dialled) through discovery, DNS and peer
	 * exchange: no new one is dialled beyond it (static peers are always dialled).
	 */
	private int maxPeers = 50;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DiscoveryMode getMode() {
		return this.mode;
	}

	public void setMode(DiscoveryMode mode) {
		this.mode = mode;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getGroup() {
		return this.group;
	}

	public void setGroup(String group) {
		this.group = group;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public int getTtl() {
		return this.ttl;
	}

	public void setTtl(int ttl) {
		this.ttl = ttl;
	}

	public String getNetworkInterface() {
		return this.networkInterface;
	}

	public void setNetworkInterface(String networkInterface) {
		this.networkInterface = networkInterface;
	}

	public boolean isAutoConnect() {
		return this.autoConnect;
	}

	public void setAutoConnect(boolean autoConnect) {
		this.autoConnect = autoConnect;
	}

	public String getDnsName() {
		return this.dnsName;
	}

	public void setDnsName(String dnsName) {
		this.dnsName = dnsName;
	}

	public Duration getDnsInterval() {
		return this.dnsInterval;
	}

	public void setDnsInterval(Duration dnsInterval) {
		this.dnsInterval = dnsInterval;
	}

	public boolean isPeerExchange() {
		return this.peerExchange;
	}

	public void setPeerExchange(boolean peerExchange) {
		this.peerExchange = peerExchange;
	}

	public Duration getPeerExchangeInterval() {
		return this.peerExchangeInterval;
	}

	public void setPeerExchangeInterval(Duration peerExchangeInterval) {
		this.peerExchangeInterval = peerExchangeInterval;
	}

	public int getMaxPeers() {
		return this.maxPeers;
	}

	public void setMaxPeers(int maxPeers) {
		this.maxPeers = maxPeers;
	}

	public boolean isIpv4() {
		return this.ipv4;
	}

	public void setIpv4(boolean ipv4) {
		this.ipv4 = ipv4;
	}

	public boolean isIpv6() {
		return this.ipv6;
	}

	public void setIpv6(boolean ipv6) {
		this.ipv6 = ipv6;
	}

	public String getIpv6Group() {
		return this.ipv6Group;
	}

	public void setIpv6Group(String ipv6Group) {
		this.ipv6Group = ipv6Group;
	}

}
