package dev.p2p.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.reach.AddressKind;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.transport.LocalSubnets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which a hole punch dials the other end's addresses.
 */
class PunchAddressesTests {

	private static final InetSocketAddress WILDCARD = new InetSocketAddress(7000);

	@Test
	void aSharedSubnetComesFirstThenConfirmedObservedAndListenAddresses() throws Exception {
		ReachableAddress otherLan = address("172.16.9.4", AddressKind.LISTEN);
		ReachableAddress observed = address("198.51.100.7", AddressKind.OBSERVED);
		ReachableAddress confirmed = address("203.0.113.5", AddressKind.CONFIRMED);
		ReachableAddress sameLan = address("10.77.1.2", AddressKind.LISTEN);
		ReachableAddress sixGlobal = address("2001:db8::7", AddressKind.LISTEN);
		List<InetSocketAddress> dialled = PunchAddresses.dialled(List.of(otherLan, observed, confirmed, sameLan,
				sixGlobal), WILDCARD, LocalSubnets.of("10.77.1.9/24"));
		assertThat(dialled).containsExactly(sameLan.socketAddress(), confirmed.socketAddress(),
				observed.socketAddress(), otherLan.socketAddress(), sixGlobal.socketAddress());
	}

	@Test
	void aListenerOnOneFamilyDialsOnlyThatFamily() throws Exception {
		ReachableAddress six = address("2001:db8::7", AddressKind.CONFIRMED);
		ReachableAddress four = address("198.51.100.7", AddressKind.OBSERVED);
		InetSocketAddress boundV4 = new InetSocketAddress(InetAddress.getByName("10.77.1.9"), 7000);
		assertThat(PunchAddresses.dialled(List.of(six, four), boundV4, LocalSubnets.of()))
			.containsExactly(four.socketAddress());
	}

	private static ReachableAddress address(String host, AddressKind kind) throws UnknownHostException {
		return new ReachableAddress(InetAddress.getByName(host), 7001, kind);
	}

}
