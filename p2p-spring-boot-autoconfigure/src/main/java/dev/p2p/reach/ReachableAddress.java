package dev.p2p.reach;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

import static dev.p2p.wire.Payloads.check;

/**
 * An IP address and port at which a node may be reached, and how the node knows it.
 * @param address the IPv4 or IPv6 address (no host name: nothing on the wire is resolved)
 * @param port the TCP port, 1 to 65535
 * @param kind where the address comes from
 */
public record ReachableAddress(InetAddress address, int port, AddressKind kind) {

	/**
	 * Check the parts.
	 * @throws IllegalArgumentException for a port outside 1 to 65535
	 */
	public ReachableAddress {
		Objects.requireNonNull(address, "address");
		Objects.requireNonNull(kind, "kind");
		check(port >= 1 && port <= 65535, "port must be 1 to 65535, not " + port);
	}

	/**
	 * The address as a socket address to dial.
	 * @return address and port, unresolved nothing
	 */
	public InetSocketAddress socketAddress() {
		return new InetSocketAddress(this.address, this.port);
	}

	/**
	 * Whether this is an IPv6 address.
	 * @return {@code true} for IPv6 (an IPv4-mapped address arrives as IPv4)
	 */
	public boolean isIpv6() {
		return this.address.getAddress().length == 16;
	}

	@Override
	public String toString() {
		String host = this.address.getHostAddress();
		return (isIpv6() ? "[" + host + "]" : host) + ":" + this.port + " (" + this.kind.name().toLowerCase() + ")";
	}

}
