package dev.p2p.core;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.p2p.peer.PeerSession;

/**
 * Sending packets to peers. Payloads are encoded with the packet type's codec
 * ({@code p2p.codec.*}). Sends are queued per peer and written in order; a send waits up to
 * {@code p2p.send.timeout} for room in a full queue, then fails with a
 * {@link dev.p2p.peer.SendQueueFullException}. Sending to a peer that is not connected fails
 * with a {@link dev.p2p.peer.PeerNotConnectedException}.
 */
public interface PacketOperations {

	/**
	 * Queue a packet for a peer.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(String nodeId, Enum<?> type, Object payload);

	/**
	 * Queue a packet for a session.
	 * @param peer the session
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(PeerSession peer, Enum<?> type, Object payload);

	/**
	 * Queue a packet for several peers; the payload is encoded once. Fails before sending
	 * anything if one of them is not connected.
	 * @param nodeIds the peers' node ids
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(Collection<String> nodeIds, Enum<?> type, Object payload);

	/**
	 * Queue a packet for every connected peer (pnet's {@code "*"}); the payload is encoded once.
	 * @param type the packet type
	 * @param payload the payload
	 * @return how many peers it was queued for
	 */
	int broadcast(Enum<?> type, Object payload);

	/**
	 * Queue a packet and learn when it is written.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 * @return completes when the packet is written to the socket, fails if it cannot be
	 */
	CompletableFuture<Void> sendAsync(String nodeId, Enum<?> type, Object payload);

	/**
	 * Queue a packet for every connected peer and learn when it is written to all.
	 * @param type the packet type
	 * @param payload the payload
	 * @return completes when written to every peer, fails if any write fails
	 */
	CompletableFuture<Void> broadcastAsync(Enum<?> type, Object payload);

	/**
	 * Connected peers.
	 * @return a snapshot of the established sessions
	 */
	List<PeerSession> peers();

}
