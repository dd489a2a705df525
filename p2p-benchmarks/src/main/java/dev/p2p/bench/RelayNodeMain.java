package dev.p2p.bench;

import java.io.BufferedReader;
import java.util.List;

import dev.p2p.bench.StarterVariant.Peer;
import dev.p2p.relay.PeerRelay;

/**
 * The child JVM holding the relay node of the relayed scenarios, so that the relay's CPU time is
 * its process's: starts the relay (no circuit limits), prints {@code LISTENING <port>}, then
 * answers {@code RESERVED <id>,<id>} with {@code OK} once those nodes hold reservations,
 * {@code EMPTY} with {@code OK} once no node holds one (the nodes of the last scenario are gone),
 * {@code QUIET} with {@code OK} once its JIT compiler has been idle for a second, and
 * {@code CPU} with {@code CPU <nanoseconds>}, the process's CPU time so far (every thread: the
 * relay's readers and writers, its GC and JIT). Ends when its standard input closes.
 */
final class RelayNodeMain {

	private static final long TIMEOUT_MILLIS = 60_000;

	private RelayNodeMain() {
	}

	/** Arguments: the run's flags that apply to starter peers ({@code --virtual-threads}, ...). */
	static void main(String[] args) throws Exception {
		BenchmarkMain.applyPeerFlags(List.of(args));
		Peer relay;
		try {
			relay = start();
		}
		catch (Exception ex) {
			System.out.println("FAILED " + ex);
			throw ex;
		}
		try (relay) {
			System.out.println("LISTENING " + relay.node.getBoundPort());
			serve(relay.context.getBean(PeerRelay.class), ChildJvm.parentInput());
		}
		catch (Exception ex) {
			System.out.println("FAILED " + ex);
			throw ex;
		}
		System.exit(0);
	}

	/** A relay without circuit limits, so a long run is not cut by them. */
	static Peer start() {
		return StarterVariant.start("relay", "p2p.relay.enabled=true", "p2p.relay.max-circuit-duration=0",
				"p2p.relay.max-circuit-bytes=0B");
	}

	private static void serve(PeerRelay relay, BufferedReader parent) throws Exception {
		String line;
		while ((line = parent.readLine()) != null) {
			if (line.equals("CPU")) {
				System.out.println("CPU " + CpuSamples.processCpuNanos());
			}
			else if (line.equals("QUIET")) {
				CpuSamples.awaitQuietCompiler();
				System.out.println("OK");
			}
			else if (line.equals("EMPTY")) {
				Waits.until(() -> relay.getReservedNodes().isEmpty(), TIMEOUT_MILLIS, "the end of every reservation");
				System.out.println("OK");
			}
			else if (line.startsWith("RESERVED ")) {
				List<String> nodes = List.of(line.substring("RESERVED ".length()).split(","));
				Waits.until(() -> relay.getReservedNodes().containsAll(nodes), TIMEOUT_MILLIS, "reservations of " + nodes);
				System.out.println("OK");
			}
		}
	}

}
