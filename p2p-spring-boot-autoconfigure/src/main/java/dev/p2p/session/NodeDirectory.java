package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;

/**
 * Answers what a node is asked about its peers: the established sessions (the engine's and the
 * attached ones of other wire protocols), one by node id or by listen address, the open inbound
 * connections, and the node's answers to the built-in GET_FUNCS and GET_PEERS.
 */
public final class NodeDirectory {

	private final NodeContext node;

	NodeDirectory(NodeContext node) {
		this.node = node;
	}

	/**
	 * Established sessions, one per connected peer.
	 * @return a snapshot
	 */
	public List<PeerSession> activeSessions() {
		List<PeerSession> active = new ArrayList<>(this.node.sessions.activeSessions());
		active.addAll(this.node.attached.active());
		return active;
	}

	/**
	 * The established session with a peer.
	 * @param nodeId the peer's node id
	 * @return the session, or {@code null}
	 */
	public @Nullable PeerSession find(String nodeId) {
		PeerSession session = this.node.sessions.find(nodeId);
		return (session != null) ? session : this.node.attached.find(nodeId);
	}

	/**
	 * Inbound connections open now, handshaking ones included.
	 * @return the count
	 */
	public int openConnections() {
		return this.node.gate.openConnections();
	}

	/**
	 * The established session with the peer that listens on an address.
	 * @param address the peer's listen address
	 * @return the session, or {@code null}
	 */
	public @Nullable PeerSession findListeningOn(PeerAddress address) {
		for (DefaultPeerSession session : this.node.sessions.activeSessions()) {
			if (address.equals(session.getListenAddress())) {
				return session;
			}
		}
		return null;
	}

	/**
	 * The packet types this node has listeners for (its answer to the built-in GET_FUNCS).
	 * @return the types, in code order of the enum
	 */
	public List<ListenerType> listenerTypes() {
		List<ListenerType> types = new ArrayList<>();
		for (Enum<?> type : this.node.packetTypes.types()) {
			if (this.node.packetHandler.hasListener(type)) {
				types.add(new ListenerType(type.name(), Integer.toUnsignedLong(this.node.packetTypes.codeOf(type))));
			}
		}
		return types;
	}

	/**
	 * The peers this node is connected to and that accept connections (its answer to the
	 * built-in GET_PEERS).
	 * @return node ids and listen addresses
	 */
	public List<KnownPeer> knownPeers() {
		List<KnownPeer> known = new ArrayList<>();
		for (DefaultPeerSession session : this.node.sessions.activeSessions()) {
			PeerAddress address = session.getListenAddress();
			if (address != null) {
				known.add(new KnownPeer(session.getNodeId(), address));
			}
		}
		return known;
	}

}
