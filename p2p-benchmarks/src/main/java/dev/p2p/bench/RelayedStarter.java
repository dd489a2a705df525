package dev.p2p.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.p2p.bench.StarterVariant.Peer;
import dev.p2p.peer.PeerSession;

/**
 * The starter with the session relayed: a relay node (in a child JVM, {@link RemoteRelay}, so its
 * CPU time can be read) and two nodes holding a reservation on it, the sender reaching the
 * receiver by node id through the relay (one circuit, end-to-end session). Measured beside the
 * direct starter in the same run, as a ratio; the relay's CPU per relayed packet and byte is
 * sampled around every window.
 */
final class RelayedStarter {

	private static final long TIMEOUT_MILLIS = 60_000;

	private RelayedStarter() {
	}

	/** Throughput through a relay; the pair's relay has the CPU samples. */
	static Relayed<ThroughputPair> throughputPair(int payloadSize, List<String> peerFlags) throws Exception {
		RemoteRelay relay = RemoteRelay.start(peerFlags);
		ThroughputPair pair;
		try {
			Peer receiver = behind(relay, "receiver");
			Peer sender = behind(relay, "sender");
			PeerSession session = connect(relay, sender, "receiver");
			pair = StarterVariant.throughputPair(sender, receiver, session, payloadSize, List.of(sender, receiver));
		}
		catch (Exception ex) {
			relay.close();
			throw ex;
		}
		CpuSamples ends = CpuSamples.ofThisProcess();
		return new Relayed<>(relay, ends, sampled(sampled(pair, ends, payloadSize), relay.cpu(), payloadSize));
	}

	/** Round trips through a relay; each relays two packets (request and reply). */
	static Relayed<RoundTripPair> roundTripPair(int payloadSize, List<String> peerFlags) throws Exception {
		RemoteRelay relay = RemoteRelay.start(peerFlags);
		RoundTripPair pair;
		try {
			Peer server = behind(relay, "server");
			Peer client = behind(relay, "client");
			PeerSession session = connect(relay, client, "server");
			pair = StarterVariant.roundTripPair(client, session, payloadSize, List.of(client, server));
		}
		catch (Exception ex) {
			relay.close();
			throw ex;
		}
		CpuSamples ends = CpuSamples.ofThisProcess();
		return new Relayed<>(relay, ends, sampled(sampled(pair, ends, payloadSize), relay.cpu(), payloadSize));
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
	 * A relayed pair and its relay; closing it closes the nodes, then the relay.
	 * @param relay the relay, with the CPU it spent per window
	 * @param ends the CPU the two end nodes (this JVM) spent per window
	 * @param pair the pair
	 */
	record Relayed<P extends AutoCloseable>(RemoteRelay relay, CpuSamples ends, P pair) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			try {
				this.pair.close();
			}
			finally {
				this.relay.close();
			}
		}

	}

}
