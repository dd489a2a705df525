package dev.p2p.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerNode;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.wire.Frame;

/**
 * Default {@link PacketOperations}: encodes with the packet type's codec and queues on the
 * node's sessions.
 */
public class PacketTemplate implements PacketOperations {

	private final PeerNode node;

	private final PacketTypeRegistry packetTypes;

	private final PacketCodecs codecs;

	/**
	 * Create a template.
	 * @param node the running node
	 * @param packetTypes the packet types
	 * @param codecs codec per type
	 */
	public PacketTemplate(PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs) {
		this.node = node;
		this.packetTypes = packetTypes;
		this.codecs = codecs;
	}

	@Override
	public void send(String nodeId, Enum<?> type, Object payload) {
		send(session(nodeId), type, payload);
	}

	@Override
	public void send(PeerSession peer, Enum<?> type, Object payload) {
		this.node.send(peer, frame(type, payload), null);
	}

	@Override
	public void send(Collection<String> nodeIds, Enum<?> type, Object payload) {
		List<PeerSession> targets = new ArrayList<>(nodeIds.size());
		List<String> missing = new ArrayList<>();
		for (String nodeId : nodeIds) {
			this.node.findSession(nodeId).ifPresentOrElse(targets::add, () -> missing.add(nodeId));
		}
		if (!missing.isEmpty()) {
			throw new PeerNotConnectedException("Not connected to " + missing + "; nothing was sent");
		}
		Frame frame = frame(type, payload);
		for (PeerSession target : targets) {
			this.node.send(target, frame, null);
		}
	}

	@Override
	public int broadcast(Enum<?> type, Object payload) {
		Frame frame = frame(type, payload);
		int queued = 0;
		for (PeerSession session : this.node.getSessions()) {
			try {
				this.node.send(session, frame, null);
				queued++;
			}
			catch (PeerNotConnectedException | SendQueueFullException ex) {
				// disconnected since the snapshot was taken, or too slow: the others still get it
			}
		}
		return queued;
	}

	@Override
	public CompletableFuture<Void> sendAsync(String nodeId, Enum<?> type, Object payload) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		try {
			this.node.send(session(nodeId), frame(type, payload), written);
		}
		catch (RuntimeException ex) {
			written.completeExceptionally(ex);
		}
		return written;
	}

	@Override
	public CompletableFuture<Void> broadcastAsync(Enum<?> type, Object payload) {
		try {
			List<CompletableFuture<Void>> all = this.node.send(this.node.getSessions(), frame(type, payload));
			return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public List<PeerSession> peers() {
		return this.node.getSessions();
	}

	private PeerSession session(String nodeId) {
		return this.node.findSession(nodeId)
			.orElseThrow(() -> new PeerNotConnectedException("Not connected to peer '" + nodeId + "'"));
	}

	private Frame frame(Enum<?> type, Object payload) {
		int code = this.packetTypes.codeOf(type);
		return new Frame(code, this.codecs.codecOf(type).encode(payload));
	}

}
