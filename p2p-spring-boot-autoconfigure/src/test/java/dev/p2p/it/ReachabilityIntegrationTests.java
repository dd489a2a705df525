package dev.p2p.it;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;

import dev.p2p.event.ReachabilityChangedEvent;
import dev.p2p.nat.DialBacks;
import dev.p2p.nat.ObservedAddresses;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.Reachability;
import dev.p2p.reach.AddressKind;
import dev.p2p.reach.ReachableAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real nodes on loopback: the two that a node dials report where they saw it, one of them
 * dials it back, and the node knows it is reachable at its listen port.
 */
class ReachabilityIntegrationTests {

	@Test
	void twoObserversAndADialBackMakeANodePublic() throws Exception {
		try (TestPeer a = TestPeer.start("reach-a"); TestPeer b = TestPeer.start("reach-b");
				TestPeer c = TestPeer.start("reach-c")) {
			List<ReachabilityChangedEvent> changes = new CopyOnWriteArrayList<>();
			a.context.addApplicationListener((ApplicationListener<ReachabilityChangedEvent>) changes::add);
			ObservedAddresses observed = a.context.getBean(ObservedAddresses.class);
			assertThat(observed.reachability()).isEqualTo(Reachability.UNKNOWN);
			a.node.connect(PeerAddress.parse(b.address())).get(10, TimeUnit.SECONDS);
			// one observer: a candidate for nothing yet
			await().atMost(Duration.ofSeconds(5)).until(() -> !observed.allAddresses().isEmpty());
			assertThat(observed.candidates()).isEmpty();
			a.node.connect(PeerAddress.parse(c.address())).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> observed.reachability() == Reachability.PUBLIC);
			assertThat(observed.confirmedAddresses()).containsExactly(new ReachableAddress(
					new InetSocketAddress("127.0.0.1", a.port()).getAddress(), a.port(), AddressKind.CONFIRMED));
			await().until(() -> !changes.isEmpty());
			assertThat(changes.get(0).getCurrent()).isEqualTo(Reachability.PUBLIC);
			DialBacks dialBacks = a.context.getBean(DialBacks.class);
			assertThat(dialBacks.count("confirmed")).isEqualTo(1);
			long answered = b.context.getBean(DialBacks.class).count("answered")
					+ c.context.getBean(DialBacks.class).count("answered");
			assertThat(answered).isEqualTo(1);
			// the probe connection was no failed handshake, and the sessions are untouched
			assertThat(a.node.getSessions()).hasSize(2);
			assertThat(observed.describe()).containsExactly("127.0.0.1:" + a.port() + " (confirmed, 2 observers)");
		}
	}

	@Test
	void withoutDialBacksANodeStaysUnknown() throws Exception {
		try (TestPeer a = TestPeer.start("quiet-a", "p2p.nat.dial-back=false"); TestPeer b = TestPeer.start("quiet-b");
				TestPeer c = TestPeer.start("quiet-c")) {
			a.node.connect(PeerAddress.parse(b.address())).get(10, TimeUnit.SECONDS);
			a.node.connect(PeerAddress.parse(c.address())).get(10, TimeUnit.SECONDS);
			ObservedAddresses observed = a.context.getBean(ObservedAddresses.class);
			await().until(() -> observed.candidates().size() == 1);
			assertThat(observed.reachability()).isEqualTo(Reachability.UNKNOWN);
			assertThat(observed.confirmedAddresses()).isEmpty();
		}
	}

}
