package dev.p2p.it;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.p2p.it.NatTopology.Family;
import dev.p2p.it.NatTopology.Nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes behind two port-randomizing NAT routers ({@code MASQUERADE --random-fully}, which
 * defeats hole punching) reach each other by node id through a relay on the public side: the
 * session is relayed and packets flow both ways. Real forked peers in network namespaces (root
 * only; skipped elsewhere), built and removed by {@link NatTopology}.
 */
class RelayNamespaceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

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
			}
		}
	}

}
