package dev.p2p.it;

import java.util.List;

/**
 * Two private hosts behind two NAT routers, and a relay host on the "public" side, each in a
 * network namespace of its own (root only; see {@link NetworkNamespaces}):
 * <pre>
 *                      public bridge  10.77.0.0/24, fd77::/64
 *        +----------------------+----------------------+
 *   relay .1 / ::1     router A .2 / ::2         router B .3 / ::3
 *                          | lan 10.77.1.0/24         | lan 10.77.2.0/24
 *                          |     fd77:0:0:1::/64      |     fd77:0:0:2::/64
 *                      host A .2 / ::2           host B .2 / ::2
 * </pre>
 * Each router masquerades what its host sends out ({@code MASQUERADE}, Linux's NAT, which keeps
 * the source port when it is free; {@link Nat#RANDOM_FULLY} picks a random port for every new
 * mapping, like a "symmetric" NAT) and, like a home router, drops anything from the public side
 * that is not part of a connection its host opened: its FORWARD and INPUT chains accept only
 * {@code ESTABLISHED,RELATED} from {@code wan}. The public side has no route to the private
 * prefixes, so a host cannot dial the other host's private address. IPv6 gets the same treatment
 * with {@code ip6tables} (NAT66), so one technique serves both families. Only these private test
 * prefixes are used, only inside the namespaces; the root namespace is not touched.
 */
final class NatTopology implements AutoCloseable {

	/** Which address families the namespaces get. */
	enum Family {

		/** IPv4 only. */
		IPV4,

		/** IPv6 only. */
		IPV6,

		/** Both families on every link. */
		DUAL

	}

	/** How a router maps its host's connections to its public address. */
	enum Nat {

		/** {@code MASQUERADE}: the public port is the host's port when that is free. */
		PORT_PRESERVING,

		/** {@code MASQUERADE --random-fully}: a random public port for every new mapping. */
		RANDOM_FULLY

	}

	/** Port the relay host's processes use in the spike; namespaces are isolated, so fixed is fine. */
	static final int RELAY_PORT = 7000;

	private final NetworkNamespaces namespaces;

	private final String relay;

	private final String routerA;

	private final String routerB;

	private final String hostA;

	private final String hostB;

	private NatTopology(NetworkNamespaces namespaces, String relay, String routerA, String routerB, String hostA,
			String hostB) {
		this.namespaces = namespaces;
		this.relay = relay;
		this.routerA = routerA;
		this.routerB = routerB;
		this.hostA = hostA;
		this.hostB = hostB;
	}

	/**
	 * Skip the calling test unless the topology can be built here (root, iproute2, iptables).
	 */
	static void assumeAvailable() {
		NetworkNamespaces.assumeAvailable("iptables", "ip6tables");
	}

	/**
	 * Build the topology; on any failure what was built is removed again.
	 * @param family the address families
	 * @param natA router A's mapping
	 * @param natB router B's mapping
	 * @return the topology, to be closed by the caller
	 */
	static NatTopology build(Family family, Nat natA, Nat natB) {
		NetworkNamespaces namespaces = NetworkNamespaces.create();
		try {
			String bridge = namespaces.bridge("pub");
			NatTopology topology = new NatTopology(namespaces, namespaces.host("relay"), namespaces.host("ra"),
					namespaces.host("rb"), namespaces.host("ha"), namespaces.host("hb"));
			topology.publicHost(bridge, topology.relay, 1, family);
			topology.publicHost(bridge, topology.routerA, 2, family);
			topology.publicHost(bridge, topology.routerB, 3, family);
			topology.privateNetwork(topology.routerA, topology.hostA, 1, family, natA);
			topology.privateNetwork(topology.routerB, topology.hostB, 2, family, natB);
			return topology;
		}
		catch (RuntimeException ex) {
			namespaces.close();
			throw ex;
		}
	}

	private void publicHost(String bridge, String namespace, int number, Family family) {
		this.namespaces.attach(bridge, namespace, "wan");
		if (family != Family.IPV6) {
			this.namespaces.address(namespace, "wan", "10.77.0." + number + "/24");
		}
		if (family != Family.IPV4) {
			this.namespaces.address(namespace, "wan", "fd77::" + number + "/64");
		}
	}

	private void privateNetwork(String router, String host, int lan, Family family, Nat nat) {
		this.namespaces.connect(router, "lan", host, "eth0");
		if (family != Family.IPV6) {
			this.namespaces.address(router, "lan", "10.77." + lan + ".1/24");
			this.namespaces.address(host, "eth0", "10.77." + lan + ".2/24");
			this.namespaces.exec(host, "ip", "route", "add", "default", "via", "10.77." + lan + ".1");
			this.namespaces.exec(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
			natAndFirewall(router, "iptables", nat);
		}
		if (family != Family.IPV4) {
			this.namespaces.address(router, "lan", "fd77:0:0:" + lan + "::1/64");
			this.namespaces.address(host, "eth0", "fd77:0:0:" + lan + "::2/64");
			this.namespaces.exec(host, "ip", "-6", "route", "add", "default", "via", "fd77:0:0:" + lan + "::1");
			this.namespaces.exec(router, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
			// neighbour discovery is ICMPv6 and must reach the router, or nothing does
			this.namespaces.exec(router, "ip6tables", "-A", "INPUT", "-p", "ipv6-icmp", "-j", "ACCEPT");
			natAndFirewall(router, "ip6tables", nat);
		}
	}

	private void natAndFirewall(String router, String tool, Nat nat) {
		if (nat == Nat.RANDOM_FULLY) {
			this.namespaces.exec(router, tool, "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE",
					"--random-fully");
		}
		else {
			this.namespaces.exec(router, tool, "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
		}
		this.namespaces.exec(router, tool, "-P", "FORWARD", "DROP");
		this.namespaces.exec(router, tool, "-A", "FORWARD", "-i", "lan", "-o", "wan", "-j", "ACCEPT");
		for (String chain : List.of("FORWARD", "INPUT")) {
			this.namespaces.exec(router, tool, "-A", chain, "-i", "wan", "-m", "conntrack", "--ctstate",
					"ESTABLISHED,RELATED", "-j", "ACCEPT");
		}
		// an unsolicited SYN is dropped, not answered with a reset, as home routers do; a reset
		// would also end the other side's half of a simultaneous open
		this.namespaces.exec(router, tool, "-A", "INPUT", "-i", "wan", "-j", "DROP");
	}

	/** The relay host's namespace, on the public bridge. */
	String relay() {
		return this.relay;
	}

	/** Host A's namespace, behind router A. */
	String hostA() {
		return this.hostA;
	}

	/** Host B's namespace, behind router B. */
	String hostB() {
		return this.hostB;
	}

	/**
	 * The relay host's public address.
	 * @param ipv6 whether the IPv6 one
	 * @return {@code 10.77.0.1} or {@code fd77::1}
	 */
	static String relayAddress(boolean ipv6) {
		return ipv6 ? "fd77::1" : "10.77.0.1";
	}

	/**
	 * A router's public address, where its host's connections appear to come from.
	 * @param lan 1 for router A, 2 for router B
	 * @param ipv6 whether the IPv6 one
	 * @return the address
	 */
	static String routerAddress(int lan, boolean ipv6) {
		return ipv6 ? "fd77::" + (lan + 1) : "10.77.0." + (lan + 1);
	}

	/**
	 * A host's private address, unreachable from the public side and the other host.
	 * @param lan 1 for host A, 2 for host B
	 * @param ipv6 whether the IPv6 one
	 * @return the address
	 */
	static String hostAddress(int lan, boolean ipv6) {
		return ipv6 ? "fd77:0:0:" + lan + "::2" : "10.77." + lan + ".2";
	}

	/** Delete every namespace, veth pair and bridge of the topology. */
	@Override
	public void close() {
		this.namespaces.close();
	}

}
