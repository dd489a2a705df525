package dev.p2p.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The starter's out-of-process fan-out: the receivers are Boot peers in the child JVM, each listening
 * on its own port with one listener thread (as in process); the hub is a Boot peer that dials them all
 * and broadcasts through {@code PacketOperations}. The node of {@code many-peers} is a Boot peer whose
 * {@code PING} listener replies {@code PONG}, with the per-address connection and handshaking limits
 * lifted (every peer dials from 127.0.0.1; on a loaded machine more than 16 of their handshakes were
 * in progress at once, the default per-address cap).
 */
final class StarterRemote implements RemoteFanout, EchoNode {

	private static final long TIMEOUT_MILLIS = ReferenceVariant.TIMEOUT_MILLIS;

	@Override
	public Receivers listenReceivers(int receivers, int payloadSize) throws Exception {
		List<StarterVariant.Peer> peers = new ArrayList<>();
		List<CheckedReceiver> checked = new ArrayList<>();
		AutoCloseable close = () -> peers.forEach(StarterVariant.Peer::close);
		return ReferenceVariant.closeOnFailure(() -> peers.forEach(StarterVariant.Peer::close), () -> {
			for (int i = 0; i < receivers; i++) {
				StarterVariant.Peer peer = StarterVariant.start("receiver-" + i, "p2p.listener.threads=1");
				CheckedReceiver receiver = new CheckedReceiver(payloadSize);
				peer.listeners.checker = receiver.checker;
				peers.add(peer);
				checked.add(receiver);
			}
			String address = peers.stream()
				.map((peer) -> "127.0.0.1:" + peer.node.getBoundPort())
				.collect(Collectors.joining(","));
			return new Receivers(address, checked,
					() -> peers.stream().allMatch((peer) -> !peer.node.getSessions().isEmpty()), close);
		});
	}

	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		StarterVariant.Peer hub = StarterVariant.start("hub", "p2p.peers=" + address);
		return ReferenceVariant.closeOnFailure(hub::close, () -> {
			Waits.until(() -> hub.node.getSessions().size() == receivers, TIMEOUT_MILLIS, "fan-out receivers");
			PacketWindows.Sender sender = (first, end) -> {
				for (long sequence = first; sequence < end; sequence++) {
					byte[] payload = new byte[payloadSize];
					SequenceChecker.writeLongLE(payload, 0, sequence);
					hub.packets.broadcast(BenchPacketType.DATA, payload);
				}
			};
			return new Hub(sender, hub::close);
		});
	}

	@Override
	public Node listenEcho(int payloadSize) {
		StarterVariant.Peer node = StarterVariant.start("node", "p2p.server.backlog=4096",
				"p2p.limits.max-connections=0", "p2p.limits.max-connections-per-address=0",
				"p2p.limits.connection-rate=0", "p2p.limits.max-handshaking=0",
				"p2p.limits.max-handshaking-per-address=0");
		return new Node(node.node.getBoundPort(), node::close);
	}

}
