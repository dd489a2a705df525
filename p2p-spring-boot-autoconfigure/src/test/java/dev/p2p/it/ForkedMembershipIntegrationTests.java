package dev.p2p.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership with peers in JVMs of their own: one frozen with SIGSTOP and thawed, and three
 * in network namespaces of their own, joined by a bridge, that find each other by real
 * broadcast (root only; skipped elsewhere).
 */
class ForkedMembershipIntegrationTests {

	private static final List<String> namespaces = new ArrayList<>();

	@AfterAll
	static void deleteNamespaces() {
		// deleting a namespace deletes the veth ends and the bridge inside it
		for (String namespace : namespaces) {
			run("ip", "netns", "del", namespace);
		}
		namespaces.clear();
	}

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
		assumeThat(run("id", "-u").trim()).as("needs root for ip netns").isEqualTo("0");
		String suffix = HexFormat.of().formatHex(new byte[] { (byte) ThreadLocalRandom.current().nextInt(),
				(byte) ThreadLocalRandom.current().nextInt() });
		String bridgeNamespace = "p2p-" + suffix + "-br";
		assumeThat(exitCode("ip", "netns", "add", bridgeNamespace)).as("ip netns add works").isZero();
		namespaces.add(bridgeNamespace);
		check("ip", "-n", bridgeNamespace, "link", "add", "br0", "type", "bridge");
		check("ip", "-n", bridgeNamespace, "link", "set", "br0", "up");
		int subnet = ThreadLocalRandom.current().nextInt(1, 255);
		int udpPort = ThreadLocalRandom.current().nextInt(20000, 60000);
		List<ForkedPeers> peers = new ArrayList<>();
		try {
			for (int i = 1; i <= 3; i++) {
				String namespace = "p2p-" + suffix + "-" + i;
				check("ip", "netns", "add", namespace);
				namespaces.add(namespace);
				String outside = "p2p" + suffix + "a" + i;
				String inside = "p2p" + suffix + "b" + i;
				check("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
				check("ip", "link", "set", outside, "netns", bridgeNamespace);
				check("ip", "-n", bridgeNamespace, "link", "set", outside, "master", "br0", "up");
				check("ip", "link", "set", inside, "netns", namespace);
				check("ip", "-n", namespace, "link", "set", inside, "name", "p2p0");
				check("ip", "-n", namespace, "addr", "add", "10.231." + subnet + "." + i + "/24", "brd", "+", "dev",
						"p2p0");
				check("ip", "-n", namespace, "link", "set", "p2p0", "up");
				check("ip", "-n", namespace, "link", "set", "lo", "up");
			}
			for (int i = 1; i <= 3; i++) {
				peers.add(ForkedPeers.start(List.of("ip", "netns", "exec", "p2p-" + suffix + "-" + i), "host-" + i,
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
			for (int i = 1; i <= 3; i++) {
				// a veth pair left in this namespace by a failed move (normally gone with its namespaces)
				exitCode("ip", "link", "del", "p2p" + suffix + "a" + i);
			}
			deleteNamespaces();
		}
	}

	private static void check(String... command) {
		int exit = exitCode(command);
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
		}
	}

	private static int exitCode(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor(30, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
