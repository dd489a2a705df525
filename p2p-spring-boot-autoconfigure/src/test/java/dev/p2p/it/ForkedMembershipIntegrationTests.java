package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership with peers in JVMs of their own: one frozen with SIGSTOP and thawed, and three
 * in network namespaces of their own, joined by a bridge, that find each other by real
 * broadcast (root only; skipped elsewhere).
 */
class ForkedMembershipIntegrationTests {

	@Test
	void aFrozenPeerIsDeclaredDeadWithinTheTimeoutAndTheMeshHealsWhenItThaws() throws Exception {
		int port = FreePorts.find();
		try (ForkedPeers fork = ForkedPeers.start(List.of(), "fork", "p2p.server.port=" + port,
				"p2p.server.address=127.0.0.1", "p2p.heartbeat.interval=200ms", "p2p.heartbeat.timeout=1500ms");
				TestPeer alice = TestPeer.start("alice", "p2p.peers=127.0.0.1:" + port, "p2p.heartbeat.interval=200ms",
						"p2p.heartbeat.timeout=1500ms")) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> alice.isConnectedTo("fork") && fork.sessions().contains("alice"));
			fork.signal("STOP");
			try {
				// the timeout, plus one heartbeat interval to notice, plus slack for a loaded machine
				await().atMost(Duration.ofSeconds(6))
					.until(() -> alice.recorder.events(PeerDisconnectedEvent.class)
						.stream()
						.anyMatch((event) -> event.getNodeId().equals("fork")));
			}
			finally {
				fork.signal("CONT");
			}
			PeerDisconnectedEvent lost = alice.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(lost.getReason()).isEqualTo(DisconnectReason.TIMEOUT);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> alice.isConnectedTo("fork") && fork.sessions().contains("alice"));
		}
	}

	@Test
	void peersInSeparateNetworkNamespacesFindEachOtherByBroadcastOverABridge() throws Exception {
		NetworkNamespaces.assumeAvailable();
		int udpPort = ThreadLocalRandom.current().nextInt(20000, 60000);
		try (NetworkNamespaces namespaces = NetworkNamespaces.create()) {
			String bridge = namespaces.bridge("br");
			List<String> hosts = new ArrayList<>();
			for (int i = 1; i <= 3; i++) {
				String host = namespaces.host(Integer.toString(i));
				namespaces.attach(bridge, host, "p2p0");
				namespaces.address(host, "p2p0", "10.231.0." + i + "/24");
				hosts.add(host);
			}
			// the peers end before their namespaces are deleted
			List<ForkedPeers> peers = new ArrayList<>();
			try {
				for (int i = 1; i <= 3; i++) {
					peers.add(ForkedPeers.start(NetworkNamespaces.prefix(hosts.get(i - 1)), "host-" + i,
							"p2p.server.port=5001", "p2p.discovery.enabled=true", "p2p.discovery.interface=p2p0",
							"p2p.discovery.port=" + udpPort, "p2p.discovery.interval=300ms"));
				}
				await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
					assertThat(peers.get(0).sessions()).isEqualTo(Set.of("host-2", "host-3"));
					assertThat(peers.get(1).sessions()).isEqualTo(Set.of("host-1", "host-3"));
					assertThat(peers.get(2).sessions()).isEqualTo(Set.of("host-1", "host-2"));
				});
			}
			finally {
				peers.forEach(ForkedPeers::close);
			}
		}
	}

}
