package dev.p2p.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.peer.Reachability;
import dev.p2p.reach.AddressKind;
import dev.p2p.reach.ReachableAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What observations make of an address: a candidate only with two observers, advertised only
 * once confirmed by a dial-back.
 */
class ObservedAddressesTests {

	private final List<String> changes = new ArrayList<>();

	private final ObservedAddresses observed = new ObservedAddresses(
			(previous, current) -> this.changes.add(previous.tag() + "->" + current.tag()));

	private static InetSocketAddress address(String ip, int port) throws Exception {
		return new InetSocketAddress(InetAddress.getByName(ip), port);
	}

	@Test
	void oneObserverMakesNoCandidateAndNothingAdvertised() throws Exception {
		InetSocketAddress forged = address("192.0.2.1", 4000);
		assertThat(this.observed.observe("liar", forged)).isFalse();
		assertThat(this.observed.observe("liar", forged)).isFalse();
		assertThat(this.observed.candidates()).isEmpty();
		assertThat(this.observed.confirmedAddresses()).isEmpty();
		assertThat(this.observed.allAddresses()).extracting(ReachableAddress::kind).containsExactly(AddressKind.OBSERVED);
		assertThat(this.observed.reachability()).isEqualTo(Reachability.UNKNOWN);
	}

	@Test
	void twoObserversMakeACandidateThatIsStillNotAdvertised() throws Exception {
		InetSocketAddress seen = address("192.0.2.7", 4000);
		assertThat(this.observed.observe("a", seen)).isFalse();
		assertThat(this.observed.observe("b", seen)).isTrue();
		assertThat(this.observed.observe("b", seen)).isFalse();
		assertThat(this.observed.candidates()).containsExactly(seen);
		assertThat(this.observed.confirmedAddresses()).isEmpty();
	}

	@Test
	void aConfirmedAddressIsAdvertisedAndMakesTheNodePublic() throws Exception {
		InetSocketAddress seen = address("192.0.2.7", 4000);
		this.observed.observe("a", seen);
		this.observed.observe("b", seen);
		this.observed.confirmed(seen);
		assertThat(this.observed.confirmedAddresses())
			.containsExactly(new ReachableAddress(seen.getAddress(), 4000, AddressKind.CONFIRMED));
		assertThat(this.observed.reachability()).isEqualTo(Reachability.PUBLIC);
		assertThat(this.observed.candidates()).isEmpty();
		this.observed.unreachable(seen);
		assertThat(this.observed.reachability()).isEqualTo(Reachability.PUBLIC);
		assertThat(this.changes).containsExactly("unknown->public");
	}

	@Test
	void failedDialBacksMakeTheNodePrivate() throws Exception {
		InetSocketAddress seen = address("192.0.2.7", 4000);
		this.observed.observe("a", seen);
		this.observed.observe("b", seen);
		this.observed.unreachable(seen);
		assertThat(this.observed.reachability()).isEqualTo(Reachability.PRIVATE);
		assertThat(this.observed.confirmedAddresses()).isEmpty();
		assertThat(this.changes).containsExactly("unknown->private");
		assertThat(this.observed.describe()).containsExactly("192.0.2.7:4000 (unreachable, 2 observers)");
	}

	@Test
	void aConfirmationOfAnAddressNeverObservedChangesNothing() throws Exception {
		this.observed.confirmed(address("192.0.2.9", 1));
		assertThat(this.observed.reachability()).isEqualTo(Reachability.UNKNOWN);
		assertThat(this.observed.confirmedAddresses()).isEmpty();
	}

	@Test
	void theNumberOfAddressesIsBounded() throws Exception {
		InetSocketAddress confirmed = address("192.0.2.1", 1);
		this.observed.observe("a", confirmed);
		this.observed.observe("b", confirmed);
		this.observed.confirmed(confirmed);
		for (int i = 0; i < 100; i++) {
			this.observed.observe("flood", address("198.51.100." + (i % 250), 1000 + i));
		}
		assertThat(this.observed.allAddresses()).hasSize(ObservedAddresses.MAX_ADDRESSES);
		assertThat(this.observed.confirmedAddresses()).hasSize(1);
	}

}
