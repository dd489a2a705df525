package dev.p2p.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code connections} scenario: one starter node holding many idle peers. The peers are
 * raw HELLO clients in a forked JVM, so this process's heap holds only the node's side.
 */
final class ConnectionsScenario {

	record Result(int peers, double heapPerPeerKib, double handshakesPerSecond) {
	}

	static Result run(int peers, int clientThreads) throws Exception {
		// every client dials from 127.0.0.1: the per-address and total connection limits are lifted
		try (StarterVariant.Peer hub = StarterVariant.start("hub", "p2p.handshake.timeout=30s",
				"p2p.server.backlog=4096", "p2p.limits.max-connections=0", "p2p.limits.max-connections-per-address=0",
				"p2p.limits.connection-rate=0")) {
			// a first small round pays for one-time initialisation (classes, caches, pools)
			warmUp(hub, Math.min(200, peers), clientThreads);
			long before = usedHeapAfterGc();
			Process clients = fork(hub.node.getBoundPort(), peers, clientThreads);
			try {
				BufferedReader output = new BufferedReader(
						new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
				String line;
				long nanos = -1;
				while ((line = output.readLine()) != null) {
					if (line.startsWith("CONNECTED ")) {
						nanos = Long.parseLong(line.split(" ")[2]);
						break;
					}
					System.err.println("[clients] " + line);
				}
				if (nanos < 0) {
					throw new IllegalStateException("connection clients failed (exit " + clients.waitFor() + ")");
				}
				Waits.until(() -> hub.node.getSessions().size() == peers, 120_000, peers + " sessions");
				long after = usedHeapAfterGc();
				double perPeer = (after - before) / 1024.0 / peers;
				return new Result(peers, perPeer, peers / (nanos / 1e9));
			}
			finally {
				clients.getOutputStream().close();
				if (!clients.waitFor(10, TimeUnit.SECONDS)) {
					clients.destroyForcibly();
				}
			}
		}
	}

	private static void warmUp(StarterVariant.Peer hub, int peers, int clientThreads) throws Exception {
		Process clients = fork(hub.node.getBoundPort(), peers, clientThreads);
		try {
			Waits.until(() -> hub.node.getSessions().size() == peers, 120_000, "warm-up sessions");
		}
		finally {
			clients.getOutputStream().close();
			clients.waitFor(10, TimeUnit.SECONDS);
			clients.destroyForcibly();
		}
		Waits.until(() -> hub.node.getSessions().isEmpty(), 120_000, "warm-up sessions to close");
	}

	private static Process fork(int port, int peers, int threads) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		String classPath = System.getProperty("java.class.path");
		List<String> command = new ArrayList<>(List.of(java, "-Xss256k"));
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.addAll(List.of("-jar", classPath));
		}
		else {
			command.addAll(List.of("-cp", classPath, BenchmarkMain.class.getName()));
		}
		command.addAll(List.of(BenchmarkMain.CONNECTION_CLIENTS, String.valueOf(port), String.valueOf(peers),
				String.valueOf(threads)));
		return new ProcessBuilder(command).redirectErrorStream(true).start();
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
