package dev.p2p.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.p2p.bench.StarterVariant.Peer;
import dev.p2p.peer.PeerSession;
import dev.p2p.relay.PeerRelay;

/**
 * The starter with the session relayed: a relay node and two nodes holding a reservation on it,
 * the sender reaching the receiver by node id through the relay (one circuit, end-to-end session).
 * Measured beside the direct starter in the same run, as a ratio.
 */
final class RelayedStarter {

	private static final long TIMEOUT_MILLIS = 60_000;

	private RelayedStarter() {
	}

	static ThroughputPair throughputPair(int payloadSize) throws Exception {
		Peer relay = relay();
		Peer receiver = behind(relay, "receiver");
		Peer sender = behind(relay, "sender");
		PeerSession session = connect(relay, sender, "receiver");
		return StarterVariant.throughputPair(sender, receiver, session, payloadSize, List.of(sender, receiver, relay));
	}

	static RoundTripPair roundTripPair(int payloadSize) throws Exception {
		Peer relay = relay();
		Peer server = behind(relay, "server");
		Peer client = behind(relay, "client");
		PeerSession session = connect(relay, client, "server");
		return StarterVariant.roundTripPair(client, session, payloadSize, List.of(client, server, relay));
	}

	/** A relay without circuit limits, so a long run is not cut by them. */
	private static Peer relay() {
		return StarterVariant.start("relay", "p2p.relay.enabled=true", "p2p.relay.max-circuit-duration=0",
				"p2p.relay.max-circuit-bytes=0B");
	}

	/** A node with a reservation; no hole punching, which on loopback would move the session to direct. */
	private static Peer behind(Peer relay, String nodeId) {
		return StarterVariant.start(nodeId, "p2p.relay.peers=127.0.0.1:" + relay.node.getBoundPort(),
				"p2p.nat.hole-punching=false");
	}

	private static PeerSession connect(Peer relay, Peer from, String to) throws Exception {
		PeerRelay relayService = relay.context.getBean(PeerRelay.class);
		Waits.until(() -> relayService.getReservedNodes().containsAll(List.of(to, from.node.getNodeId())), TIMEOUT_MILLIS,
				"reservations of " + to + " and " + from.node.getNodeId());
		return from.packets.connect(to).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
	}

}
