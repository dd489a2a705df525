package dev.p2p.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.peer.PeerSession;

/**
 * What a node can ask about peers: who is connected, what a peer listens for and whom it knows
 * (the built-in GET_FUNCS and GET_PEERS, by node id and by {@link PeerSession}, with or without a
 * timeout of their own), and connecting by node id; part of {@link PacketOperations}.
 */
public interface PeerQueries {

	/**
	 * Connected peers.
	 * @return a snapshot of the established sessions
	 */
	List<PeerSession> peers();

	/**
	 * Ask a peer which packet types it has listeners for (the built-in GET_FUNCS command,
	 * answered by every node without a listener of its own), within {@code p2p.request.timeout}.
	 * @param nodeId the peer's node id
	 * @return completes with the peer's listener types; fails like a request
	 */
	CompletableFuture<List<ListenerType>> listenerTypes(String nodeId);

	/**
	 * Ask a peer which packet types it has listeners for, within a timeout of its own.
	 * @param nodeId the peer's node id
	 * @param timeout how long to wait for the answer
	 * @return as {@link #listenerTypes(String)}
	 */
	CompletableFuture<List<ListenerType>> listenerTypes(String nodeId, Duration timeout);

	/**
	 * Ask a session's peer which packet types it has listeners for, within
	 * {@code p2p.request.timeout}.
	 * @param peer the session
	 * @return as {@link #listenerTypes(String)}
	 */
	CompletableFuture<List<ListenerType>> listenerTypes(PeerSession peer);

	/**
	 * Ask a session's peer which packet types it has listeners for, within a timeout of its own.
	 * @param peer the session
	 * @param timeout how long to wait for the answer
	 * @return as {@link #listenerTypes(String)}
	 */
	CompletableFuture<List<ListenerType>> listenerTypes(PeerSession peer, Duration timeout);

	/**
	 * Ask a peer which peers it is connected to (the built-in GET_PEERS command, the one peer
	 * exchange uses), within {@code p2p.request.timeout}.
	 * @param nodeId the peer's node id
	 * @return completes with node ids and listen addresses; fails like a request
	 */
	CompletableFuture<List<KnownPeer>> knownPeers(String nodeId);

	/**
	 * Ask a peer which peers it is connected to, within a timeout of its own.
	 * @param nodeId the peer's node id
	 * @param timeout how long to wait for the answer
	 * @return as {@link #knownPeers(String)}
	 */
	CompletableFuture<List<KnownPeer>> knownPeers(String nodeId, Duration timeout);

	/**
	 * Ask a session's peer which peers it is connected to, within {@code p2p.request.timeout}.
	 * @param peer the session
	 * @return as {@link #knownPeers(String)}
	 */
	CompletableFuture<List<KnownPeer>> knownPeers(PeerSession peer);

	/**
	 * Ask a session's peer which peers it is connected to, within a timeout of its own.
	 * @param peer the session
	 * @param timeout how long to wait for the answer
	 * @return as {@link #knownPeers(String)}
	 */
	CompletableFuture<List<KnownPeer>> knownPeers(PeerSession peer, Duration timeout);

	/**
	 * Connect to a node by its node id: at once when it is connected, otherwise through the
	 * relays this node is connected to ({@code p2p.relay.peers}), in a circuit that carries an
	 * ordinary end-to-end session.
	 * @param nodeId the node's id
	 * @return completes with the session; fails when no relay reaches the node
	 */
	default CompletableFuture<PeerSession> connect(String nodeId) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException(
				getClass().getSimpleName() + " cannot connect by node id"));
	}

}
