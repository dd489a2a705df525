package dev.p2p.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.p2p.reach.AddressKind;
import dev.p2p.reach.AddressList;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.transport.LocalSubnets;

/**
 * Which addresses a node offers in PUNCH_CONNECT and which of the other end's it dials. Offered:
 * every address the node can be reached at, what peers observed (confirmed first) and the listen
 * address on each interface (all of them for a wildcard listener). Dialled: the other end's, on a
 * shared subnet first, then confirmed, observed and listen ones; without loopback unless this node
 * itself listens on loopback (two nodes on one machine), and never this node's own.
 */
final class PunchAddresses {

	/** Addresses dialled per attempt at most. */
	static final int MAX_DIALLED = 8;

	private PunchAddresses() {
	}

	static List<ReachableAddress> offered(ObservedAddresses observed, InetSocketAddress bound) {
		Set<ReachableAddress> offered = new LinkedHashSet<>();
		observed.allAddresses()
			.stream()
			.filter((a) -> a.kind() == AddressKind.CONFIRMED)
			.forEach(offered::add);
		observed.allAddresses().stream().filter((a) -> a.kind() == AddressKind.OBSERVED).forEach(offered::add);
		for (InetAddress address : listenAddresses(bound)) {
			offered.add(new ReachableAddress(address, bound.getPort(), AddressKind.LISTEN));
		}
		List<ReachableAddress> list = new ArrayList<>(offered);
		return List.copyOf(list.subList(0, Math.min(list.size(), AddressList.MAX_ADDRESSES)));
	}

	static List<InetSocketAddress> dialled(List<ReachableAddress> theirs, InetSocketAddress bound) {
		return dialled(theirs, bound, LocalSubnets.current());
	}

	/**
	 * The other end's addresses to dial, in order: those on a subnet of this host first (the two
	 * ends share a LAN, or the same NAT), then confirmed, observed and listen addresses; none of
	 * the other family when this node listens on one address; at most {@value #MAX_DIALLED}.
	 * @param theirs what the other end offered
	 * @param bound this node's listen address
	 * @param local this host's subnets
	 * @return the targets
	 */
	static List<InetSocketAddress> dialled(List<ReachableAddress> theirs, InetSocketAddress bound, LocalSubnets local) {
		List<ReachableAddress> ordered = new ArrayList<>(theirs);
		ordered.sort(Comparator.comparingInt((ReachableAddress a) -> local.contains(a.address()) ? 0 : 1)
			.thenComparingInt((a) -> switch (a.kind()) {
				case CONFIRMED -> 0;
				case OBSERVED -> 1;
				default -> 2;
			}));
		return pick(ordered, bound);
	}

	private static List<InetSocketAddress> pick(List<ReachableAddress> theirs, InetSocketAddress bound) {
		boolean loopbackNode = bound.getAddress() != null && bound.getAddress().isLoopbackAddress();
		List<InetSocketAddress> targets = new ArrayList<>();
		for (ReachableAddress address : theirs) {
			InetSocketAddress target = address.socketAddress();
			boolean self = target.getPort() == bound.getPort() && isLocal(target.getAddress());
			if ((address.address().isLoopbackAddress() && !loopbackNode) || self || targets.contains(target)) {
				continue;
			}
			if (bound.getAddress() != null && !bound.getAddress().isAnyLocalAddress()
					&& bound.getAddress().getClass() != target.getAddress().getClass()) {
				// a listener on one family cannot share its port with the other family
				continue;
			}
			targets.add(target);
			if (targets.size() == MAX_DIALLED) {
				break;
			}
		}
		return targets;
	}

	private static boolean isLocal(@Nullable InetAddress address) {
		try {
			return address != null && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static List<InetAddress> listenAddresses(InetSocketAddress bound) {
		InetAddress address = bound.getAddress();
		if (address != null && !address.isAnyLocalAddress()) {
			return List.of(address);
		}
		List<InetAddress> addresses = new ArrayList<>();
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!nic.isUp() || nic.isLoopback()) {
					continue;
				}
				for (InetAddress candidate : Collections.list(nic.getInetAddresses())) {
					// link-local IPv6 needs a scope, which the wire does not carry
					if (!candidate.isLinkLocalAddress() && !candidate.isLoopbackAddress()) {
						addresses.add(candidate);
					}
				}
			}
		}
		catch (SocketException ex) {
			// no interface list: the observed addresses still go out
		}
		return addresses;
	}

}
