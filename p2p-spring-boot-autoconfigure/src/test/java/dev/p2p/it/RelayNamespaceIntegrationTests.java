package dev.p2p.it;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.p2p.it.NatTopology.Family;
import dev.p2p.it.NatTopology.Nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes behind two NAT routers reach each other by node id through a relay on the public
 * side, and the relayed session's automatic hole punch decides what follows: behind
 * port-preserving NATs the session moves to a direct connection with nothing lost or reordered;
 * behind port-randomizing ones ({@code MASQUERADE --random-fully}) the punch fails and the
 * session stays relayed, packets flowing both ways. Real forked peers in network namespaces
 * (root only; skipped elsewhere), built and removed by {@link NatTopology}.
 */
class RelayNamespaceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final int PACKETS = 20_000;

	@Test
	void nodesBehindPortRandomizingNatsTalkThroughTheRelay() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV4, Nat.RANDOM_FULLY, Nat.RANDOM_FULLY)) {
			String relayAddress = NatTopology.relayAddress(false) + ":" + NatTopology.RELAY_PORT;
			try (ForkedPeers relay = ForkedPeers.start(NetworkNamespaces.prefix(topology.relay()), "relay",
					"p2p.server.port=" + NatTopology.RELAY_PORT, "p2p.relay.enabled=true");
					ForkedPeers alice = ForkedPeers.start(NetworkNamespaces.prefix(topology.hostA()), "alice",
							"p2p.server.port=7001", "p2p.relay.peers=" + relayAddress);
					ForkedPeers bob = ForkedPeers.start(NetworkNamespaces.prefix(topology.hostB()), "bob",
							"p2p.server.port=7001", "p2p.relay.peers=" + relayAddress)) {
				await().atMost(WAIT).until(() -> alice.command("reservations", WAIT).equals("relay"));
				await().atMost(WAIT).until(() -> bob.command("reservations", WAIT).equals("relay"));

				assertThat(bob.command("connect-id alice", WAIT)).isEqualTo("node=alice path=relayed relay=relay");
				assertThat(bob.command("send-text alice hello-from-behind-nat-b", WAIT)).isEqualTo("sent");
				await().atMost(WAIT).until(() -> alice.command("texts", WAIT).contains("hello-from-behind-nat-b"));
				assertThat(alice.command("send-text bob hello-from-behind-nat-a", WAIT)).isEqualTo("sent");
				await().atMost(WAIT).until(() -> bob.command("texts", WAIT).contains("hello-from-behind-nat-a"));
				assertThat(alice.sessions()).contains("relay");
				// bob's automatic hole punch gives up after its attempts; the session stays relayed and works
				await().atMost(WAIT).until(() -> bob.command("punch-count", WAIT).endsWith("failed=1"));
				assertThat(bob.command("session alice", WAIT)).contains("path=RELAYED");
				assertThat(bob.command("send-text alice still-relayed", WAIT)).isEqualTo("sent");
				await().atMost(WAIT).until(() -> alice.command("texts", WAIT).contains("still-relayed"));
			}
		}
	}

	@Test
	void nodesBehindPortPreservingNatsMoveFromTheRelayToADirectSession() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV4, Nat.PORT_PRESERVING, Nat.PORT_PRESERVING)) {
			String relayAddress = NatTopology.relayAddress(false) + ":" + NatTopology.RELAY_PORT;
			try (ForkedPeers relay = ForkedPeers.start(NetworkNamespaces.prefix(topology.relay()), "relay",
					"p2p.server.port=" + NatTopology.RELAY_PORT, "p2p.relay.enabled=true");
					ForkedPeers alice = ForkedPeers.start(NetworkNamespaces.prefix(topology.hostA()), "alice",
							"p2p.server.port=7100", "p2p.relay.peers=" + relayAddress);
					ForkedPeers bob = ForkedPeers.start(NetworkNamespaces.prefix(topology.hostB()), "bob",
							"p2p.server.port=7100", "p2p.relay.peers=" + relayAddress)) {
				await().atMost(WAIT).until(() -> alice.command("reservations", WAIT).equals("relay"));
				await().atMost(WAIT).until(() -> bob.command("reservations", WAIT).equals("relay"));

				// reached by node id through the relay; numbered packets start flowing on the relayed path
				assertThat(bob.command("connect-id alice", WAIT)).startsWith("node=alice ");
				bob.command("seq-send alice " + PACKETS, WAIT);
				// bob dialled the circuit, so bob punches: the session ends up direct, between the routers' addresses
				await().atMost(WAIT).until(() -> bob.command("session alice", WAIT).contains("path=DIRECT"));
				assertThat(bob.command("session alice", WAIT)).contains("remote=/10.77.0.2:7100");
				System.out.println("HOLE-PUNCH via relay: " + bob.command("punch-count", WAIT));
				await().atMost(WAIT)
					.until(() -> alice.command("seq", WAIT).startsWith("count=" + PACKETS + " "));
				assertThat(alice.command("seq", WAIT)).isEqualTo("count=" + PACKETS + " outOfOrder=0");
				assertThat(alice.command("session bob", WAIT)).contains("path=DIRECT");
			}
		}
	}

}
