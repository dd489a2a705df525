package dev.p2p.transport;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The subnets of this host's interfaces (up, not loopback), to order the addresses of a peer
 * with several: an address on a subnet this host is on is dialled first (it needs no router,
 * and no NAT), then the rest in their own order.
 */
public final class LocalSubnets {

	private final List<Subnet> subnets;

	private LocalSubnets(List<Subnet> subnets) {
		this.subnets = List.copyOf(subnets);
	}

	/**
	 * The subnets of this host's interfaces now.
	 * @return them (none when the interfaces cannot be listed)
	 */
	public static LocalSubnets current() {
		List<Subnet> found = new ArrayList<>();
		try {
			for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
				if (!nif.isUp() || nif.isLoopback()) {
					continue;
				}
				for (InterfaceAddress address : nif.getInterfaceAddresses()) {
					found.add(new Subnet(address.getAddress(), address.getNetworkPrefixLength()));
				}
			}
		}
		catch (SocketException ex) {
			// no interface list: no address counts as local
		}
		return new LocalSubnets(found);
	}

	/**
	 * Given subnets, for tests and for hosts that know better.
	 * @param cidrs subnets as {@code address/prefix}
	 * @return them
	 * @throws IllegalArgumentException if one is not {@code address/prefix}
	 */
	public static LocalSubnets of(String... cidrs) {
		List<Subnet> subnets = new ArrayList<>();
		for (String cidr : cidrs) {
			int slash = cidr.indexOf('/');
			try {
				subnets.add(new Subnet(InetAddress.getByName(cidr.substring(0, slash)),
						Short.parseShort(cidr.substring(slash + 1))));
			}
			catch (UnknownHostException | RuntimeException ex) {
				throw new IllegalArgumentException("not address/prefix: " + cidr, ex);
			}
		}
		return new LocalSubnets(subnets);
	}

	/**
	 * Whether an address is on one of the subnets.
	 * @param address the address
	 * @return {@code true} if it is
	 */
	public boolean contains(InetAddress address) {
		for (Subnet subnet : this.subnets) {
			if (subnet.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Order items so that those whose address is on a local subnet come first; the order is
	 * otherwise kept.
	 * @param <T> the items' type
	 * @param items the items
	 * @param address an item's address
	 * @return a new list
	 */
	public <T> List<T> sameSubnetFirst(List<T> items, Function<T, InetAddress> address) {
		List<T> ordered = new ArrayList<>(items);
		ordered.sort(Comparator.comparingInt((T item) -> contains(address.apply(item)) ? 0 : 1));
		return ordered;
	}

	private record Subnet(InetAddress network, int prefix) {

		boolean contains(InetAddress address) {
			byte[] mine = this.network.getAddress();
			byte[] theirs = address.getAddress();
			if (mine.length != theirs.length || this.prefix <= 0) {
				return false;
			}
			int bits = Math.min(this.prefix, mine.length * 8);
			for (int i = 0; i < bits; i++) {
				int mask = 0x80 >>> (i % 8);
				if ((mine[i / 8] & mask) != (theirs[i / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
