package dev.p2p.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.ControlCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built-in GET_FUNCS and GET_PEERS commands between real nodes, peer exchange built on
 * GET_PEERS, and DNS discovery.
 */
class MembershipIntegrationTests {

	@Test
	void everyNodeAnswersWithItsListenerTypesAndItsPeers() throws Exception {
		try (TestPeer bob = TestPeer.start("bob");
				TestPeer alice = TestPeer.start("alice", "p2p.peers=" + bob.address());
				TestPeer carol = TestPeer.start("carol", "p2p.peers=" + bob.address())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> bob.node.getSessions().size() == 2);
			List<ListenerType> types = alice.packets.listenerTypes("bob").get();
			assertThat(types).isEqualTo(bob.node.getListenerTypes());
			assertThat(types).contains(new ListenerType("MOVE", 10), new ListenerType("TEXT", 12))
				.extracting(ListenerType::name)
				.doesNotContain("UNHANDLED", "NULL");
			List<KnownPeer> peers = alice.packets.knownPeers("bob").get();
			assertThat(peers).containsExactlyInAnyOrder(
					new KnownPeer("alice", new PeerAddress("127.0.0.1", alice.port())),
					new KnownPeer("carol", new PeerAddress("127.0.0.1", carol.port())));
			assertThat(alice.context.getBean(MeterRegistry.class)
				.get("p2p.requests")
				.tag("type", "GET_PEERS")
				.tag("outcome", "success")
				.timer()
				.count()).isEqualTo(1);
		}
	}

	@Test
	void answeredBuiltInCommandsAreNoLongerInFlight() throws Exception {
		try (TestPeer bob = TestPeer.start("bob", "p2p.limits.max-requests-in-flight=2");
				TestPeer alice = TestPeer.start("alice", "p2p.peers=" + bob.address())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> bob.isConnectedTo("alice"));
			for (int i = 0; i < 5; i++) {
				assertThat(alice.packets.knownPeers("bob").get()).extracting(KnownPeer::nodeId).containsExactly("alice");
				assertThat(alice.packets.listenerTypes("bob").get()).isNotEmpty();
			}
			// the same by session and with a timeout of their own
			PeerSession session = alice.session("bob");
			Duration timeout = Duration.ofSeconds(5);
			assertThat(alice.packets.knownPeers(session).get()).extracting(KnownPeer::nodeId).containsExactly("alice");
			assertThat(alice.packets.knownPeers(session, timeout).get()).extracting(KnownPeer::nodeId)
				.containsExactly("alice");
			assertThat(alice.packets.knownPeers("bob", timeout).get()).extracting(KnownPeer::nodeId)
				.containsExactly("alice");
			assertThat(alice.packets.listenerTypes(session).get()).isEqualTo(bob.node.getListenerTypes());
			assertThat(alice.packets.listenerTypes(session, timeout).get()).isEqualTo(bob.node.getListenerTypes());
			assertThat(alice.packets.listenerTypes("bob", timeout).get()).isEqualTo(bob.node.getListenerTypes());
			assertThat(bob.isConnectedTo("alice")).isTrue();
			assertThat(bob.recorder.events(dev.p2p.event.PeerDisconnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void aBuiltInCommandWithoutItsRequestIsRejectedAndTheSessionStays() throws Exception {
		try (TestPeer bob = TestPeer.start("bob"); RawPeer raw = new RawPeer(bob.port())) {
			raw.hello("raw", UUID.randomUUID().toString(), "default");
			await().atMost(Duration.ofSeconds(5)).until(() -> bob.isConnectedTo("raw"));
			raw.send(ControlCode.GET_PEERS, new byte[0]);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !bob.recorder.events(PacketRejectedEvent.class).isEmpty());
			PacketRejectedEvent rejected = bob.recorder.events(PacketRejectedEvent.class).get(0);
			assertThat(rejected.getReason()).isEqualTo(RejectionReason.MALFORMED_ENVELOPE);
			assertThat(rejected.getDetail()).contains("GET_PEERS without the REQUEST");
			assertThat(bob.isConnectedTo("raw")).isTrue();
		}
	}

	@Test
	void peerExchangeConnectsThePeersOfPeers() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer alice = TestPeer.start("alice", "p2p.peers=" + hub.address(),
						"p2p.discovery.peer-exchange=true", "p2p.discovery.peer-exchange-interval=200ms");
				TestPeer carol = TestPeer.start("carol", "p2p.peers=" + hub.address(),
						"p2p.discovery.peer-exchange=true", "p2p.discovery.peer-exchange-interval=200ms")) {
			await().atMost(Duration.ofSeconds(15)).until(() -> alice.isConnectedTo("carol") && carol.isConnectedTo("alice"));
			// carol's answer may name the hub too, once they are connected: look at carol's event
			assertThat(alice.recorder.events(PeerDiscoveredEvent.class))
				.filteredOn((event) -> "carol".equals(event.getNodeId()))
				.isNotEmpty()
				.allSatisfy((event) -> assertThat(event.getDiscoverySource()).isEqualTo(DiscoverySource.PEER_EXCHANGE));
		}
	}

	@Test
	void peerExchangeStopsAtMaxPeers() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer carol = TestPeer.start("carol", "p2p.peers=" + hub.address());
				TestPeer alice = TestPeer.start("alice", "p2p.peers=" + hub.address(),
						"p2p.discovery.peer-exchange=true", "p2p.discovery.peer-exchange-interval=100ms",
						"p2p.discovery.max-peers=1")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !alice.recorder.events(PeerDiscoveredEvent.class).isEmpty());
			await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
				.until(() -> !alice.isConnectedTo("carol"));
		}
	}

	@Test
	void theAddressesOfADnsNameAreDialled() {
		try (TestPeer bob = TestPeer.start("bob");
				TestPeer alice = TestPeer.start("alice", "p2p.discovery.dns-name=localhost:" + bob.port())) {
			await().atMost(Duration.ofSeconds(15)).until(() -> alice.isConnectedTo("bob"));
			assertThat(alice.recorder.events(PeerDiscoveredEvent.class)).isNotEmpty()
				.allSatisfy((event) -> assertThat(event.getDiscoverySource()).isEqualTo(DiscoverySource.DNS));
			assertThat(alice.node.isKeptConnected(new PeerAddress("127.0.0.1", bob.port()))).isTrue();
		}
	}

}
