package dev.p2p.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.p2p.reach.AddressKind;
import dev.p2p.reach.AddressList;
import dev.p2p.reach.ReachableAddress;

/**
 * Which addresses a node offers in PUNCH_CONNECT and which of the other end's it dials. Offered:
 * what peers observed (confirmed first) and the listen address on each interface. Dialled: the
 * other end's, without loopback unless this node itself listens on loopback (two nodes on one
 * machine), and never this node's own.
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
