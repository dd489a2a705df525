package dev.p2p.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.p2p.bench.StarterVariant.Peer;
import dev.p2p.peer.PeerSession;

/**
 * The starter with the session relayed: a relay node (in a child JVM, {@link RemoteRelay}, so its
 * CPU time can be read; one for all relayed scenarios of a run, so that the later ones find its
 * code compiled, as the nodes in this JVM do) and two nodes holding a reservation on it, the sender reaching the
 * receiver by node id through the relay (one circuit, end-to-end session). Measured beside the
 * direct starter in the same run, as a ratio; the relay's CPU per relayed packet and byte is
 * sampled around every window.
 */
final class RelayedStarter {

	private static final long TIMEOUT_MILLIS = 60_000;

	private RelayedStarter() {
	}

	/** Throughput through the relay, with the CPU of the relay and of the two nodes sampled per window. */
	static Relayed<ThroughputPair> throughputPair(RemoteRelay relay, int payloadSize) throws Exception {
		relay.awaitNoReservations();
		Peer receiver = behind(relay, "receiver");
		Peer sender = behind(relay, "sender");
		PeerSession session = connect(relay, sender, "receiver");
		ThroughputPair pair = StarterVariant.throughputPair(sender, receiver, session, payloadSize,
				List.of(sender, receiver));
		awaitQuietCompilers(relay);
		CpuSamples ends = CpuSamples.ofThisProcess();
		CpuSamples relayCpu = relay.cpuSamples();
		return new Relayed<>(relayCpu, ends, sampled(sampled(pair, ends, payloadSize), relayCpu, payloadSize));
	}

	/** Round trips through the relay (each relays two packets, request and reply), CPU sampled likewise. */
	static Relayed<RoundTripPair> roundTripPair(RemoteRelay relay, int payloadSize) throws Exception {
		relay.awaitNoReservations();
		Peer server = behind(relay, "server");
		Peer client = behind(relay, "client");
		PeerSession session = connect(relay, client, "server");
		RoundTripPair pair = StarterVariant.roundTripPair(client, session, payloadSize, List.of(client, server));
		awaitQuietCompilers(relay);
		CpuSamples ends = CpuSamples.ofThisProcess();
		CpuSamples relayCpu = relay.cpuSamples();
		return new Relayed<>(relayCpu, ends, sampled(sampled(pair, ends, payloadSize), relayCpu, payloadSize));
	}

	/** Let both JVMs compile the start-up code of the nodes just started before anything is measured. */
	private static void awaitQuietCompilers(RemoteRelay relay) throws Exception {
		relay.awaitQuietCompiler();
		CpuSamples.awaitQuietCompiler();
	}

	/** The pair with the CPU of every window sampled. */
	static ThroughputPair sampled(ThroughputPair pair, CpuSamples cpu, int payloadSize) {
		return new ThroughputPair() {

			@Override
			public long sendWindow(int packets) throws Exception {
				return cpu.window(packets, payloadSize, () -> pair.sendWindow(packets));
			}

			@Override
			public void close() throws Exception {
				pair.close();
			}

		};
	}

	/** The pair with the CPU of every window sampled; a round trip is two packets. */
	static RoundTripPair sampled(RoundTripPair pair, CpuSamples cpu, int payloadSize) {
		return new RoundTripPair() {

			@Override
			public long[] roundTrips(int count) throws Exception {
				return cpu.window(2L * count, payloadSize, () -> pair.roundTrips(count));
			}

			@Override
			public void close() throws Exception {
				pair.close();
			}

		};
	}

	/** A node with a reservation; no hole punching, which on loopback would move the session to direct. */
	private static Peer behind(RemoteRelay relay, String nodeId) {
		return StarterVariant.start(nodeId, "p2p.relay.peers=127.0.0.1:" + relay.port(), "p2p.nat.hole-punching=false");
	}

	private static PeerSession connect(RemoteRelay relay, Peer from, String to) throws Exception {
		relay.awaitReservations(to, from.node.getNodeId());
		return from.packets.connect(to).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * A relayed pair; closing it closes its two nodes (the relay stays for the next scenario).
	 * @param relay the CPU the relay spent per window
	 * @param ends the CPU the two end nodes (this JVM) spent per window
	 * @param pair the pair
	 */
	record Relayed<P extends AutoCloseable>(CpuSamples relay, CpuSamples ends, P pair) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.pair.close();
		}

	}

}
