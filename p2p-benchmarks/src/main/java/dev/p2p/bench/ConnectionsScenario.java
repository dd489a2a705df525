package dev.p2p.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * The {@code connections} scenario: one starter node holding many idle peers. The peers are
 * raw HELLO clients in a forked JVM, so this process's heap holds only the node's side.
 */
final class ConnectionsScenario {

	record Result(int peers, double heapPerPeerKib, double handshakesPerSecond) {
	}

	static Result run(int peers, int clientThreads) throws Exception {
		// every client dials from 127.0.0.1: the per-address, total and handshaking connection limits are lifted
		try (StarterVariant.Peer hub = StarterVariant.start("hub", "p2p.handshake.timeout=30s",
				"p2p.server.backlog=4096", "p2p.limits.max-connections=0", "p2p.limits.max-connections-per-address=0",
				"p2p.limits.connection-rate=0", "p2p.limits.max-handshaking=0",
				"p2p.limits.max-handshaking-per-address=0")) {
			// a first small round pays for one-time initialisation (classes, caches, pools)
			warmUp(hub, Math.min(200, peers), clientThreads);
			long before = usedHeapAfterGc();
			try (ChildJvm clients = fork(hub.node.getBoundPort(), peers, clientThreads)) {
				long nanos = Long.parseLong(clients.await("CONNECTED ").split(" ")[1]);
				Waits.until(() -> hub.node.getSessions().size() == peers, 120_000, peers + " sessions");
				long after = usedHeapAfterGc();
				double perPeer = (after - before) / 1024.0 / peers;
				return new Result(peers, perPeer, peers / (nanos / 1e9));
			}
		}
	}

	private static void warmUp(StarterVariant.Peer hub, int peers, int clientThreads) throws Exception {
		try (ChildJvm clients = fork(hub.node.getBoundPort(), peers, clientThreads)) {
			Waits.until(() -> hub.node.getSessions().size() == peers, 120_000, "warm-up sessions");
		}
		Waits.until(() -> hub.node.getSessions().isEmpty(), 120_000, "warm-up sessions to close");
	}

	private static ChildJvm fork(int port, int peers, int threads) throws Exception {
		return ChildJvm.start(List.of("-Xss256k"), BenchmarkMain.CONNECTION_CLIENTS, String.valueOf(port),
				String.valueOf(peers), String.valueOf(threads));
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
