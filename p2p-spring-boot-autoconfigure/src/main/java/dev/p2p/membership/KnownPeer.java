package dev.p2p.membership;

import dev.p2p.peer.PeerAddress;

/**
 * A peer another node is connected to, as its answer to the built-in {@code GET_PEERS} command
 * reports it.
 *
 * @param nodeId the peer's node id
 * @param address where the peer accepts connections
 */
public record KnownPeer(String nodeId, PeerAddress address) {
}
