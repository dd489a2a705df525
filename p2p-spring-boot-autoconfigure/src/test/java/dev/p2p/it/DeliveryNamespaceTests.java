package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 across a network partition (root only; skipped elsewhere): two forked peers in their
 * own network namespaces on a bridge send numbered SEQ packets to each other in exactly-once;
 * one's link is taken down past the heartbeat timeout (both sides suspend their session) and
 * brought back; the redial resumes the session and every packet arrives once and in order on
 * both sides. The namespaces are deleted afterwards, the peers ended before them.
 */
class DeliveryNamespaceTests {

	private static final Log logger = LogFactory.getLog(DeliveryNamespaceTests.class);

	private static final int PACKETS = 20_000;

	@Test
	void aPartitionPastTheHeartbeatTimeoutLosesDuplicatesAndReordersNothing() throws Exception {
		NetworkNamespaces.assumeAvailable();
		try (NetworkNamespaces namespaces = NetworkNamespaces.create()) {
			String bridge = namespaces.bridge("br");
			String hostA = namespaces.host("a");
			String hostB = namespaces.host("b");
			namespaces.attach(bridge, hostA, "p2p0");
			namespaces.attach(bridge, hostB, "p2p0");
			namespaces.address(hostA, "p2p0", "10.232.0.1/24");
			namespaces.address(hostB, "p2p0", "10.232.0.2/24");
			List<ForkedPeers> peers = new ArrayList<>();
			try {
				String[] common = { "p2p.server.port=5001", "p2p.delivery.mode=exactly-once",
						"p2p.heartbeat.interval=200ms", "p2p.heartbeat.timeout=1500ms" };
				ForkedPeers a = ForkedPeers.start(NetworkNamespaces.prefix(hostA), "part-a", common);
				peers.add(a);
				List<String> withPeer = new ArrayList<>(List.of(common));
				withPeer.add("p2p.peers=10.232.0.1:5001");
				ForkedPeers b = ForkedPeers.start(NetworkNamespaces.prefix(hostB), "part-b", withPeer.toArray(String[]::new));
				peers.add(b);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> a.sessions().contains("part-b") && b.sessions().contains("part-a"));
				a.command("seq-send part-b " + PACKETS, Duration.ofSeconds(10));
				b.command("seq-send part-a " + PACKETS, Duration.ofSeconds(10));
				await().atMost(Duration.ofSeconds(60)).until(() -> sent(a) >= PACKETS / 3);
				namespaces.exec(hostB, "ip", "link", "set", "p2p0", "down");
				try {
					await().atMost(Duration.ofSeconds(15))
						.until(() -> !a.sessions().contains("part-b") && !b.sessions().contains("part-a"));
				}
				finally {
					namespaces.exec(hostB, "ip", "link", "set", "p2p0", "up");
				}
				await().atMost(Duration.ofSeconds(120))
					.until(() -> received(a) >= PACKETS && received(b) >= PACKETS);
				String atA = a.command("seq", Duration.ofSeconds(10));
				String atB = b.command("seq", Duration.ofSeconds(10));
				logger.info("partition past the heartbeat timeout, exactly-once, " + PACKETS + " packets each way: a got "
						+ atA + ", b got " + atB);
				assertThat(atA).isEqualTo("count=" + PACKETS + " outOfOrder=0");
				assertThat(atB).isEqualTo("count=" + PACKETS + " outOfOrder=0");
			}
			finally {
				peers.forEach(ForkedPeers::close);
			}
		}
	}

	private static long sent(ForkedPeers peer) throws Exception {
		return Long.parseLong(peer.command("seq-sent", Duration.ofSeconds(10)).substring("sent=".length()));
	}

	private static long received(ForkedPeers peer) throws Exception {
		return Long.parseLong(ForkedCommands.fields(peer.command("seq", Duration.ofSeconds(10))).get("count"));
	}

}
