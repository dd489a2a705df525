package dev.p2p.handshake;

import java.net.InetSocketAddress;

import dev.p2p.peer.PeerIdentity;

/**
 * A peer asking to connect, as a {@link HandshakeInterceptor} sees it (peerpy's "offer").
 *
 * @param identity what the peer says about itself in its HELLO
 * @param remoteAddress the connection's remote address (not self-asserted)
 * @param activeSessions how many sessions the node has now
 */
public record PeerOffer(PeerIdentity identity, InetSocketAddress remoteAddress, int activeSessions) {

	/**
	 * The peer's node id.
	 * @return node id
	 */
	public String nodeId() {
		return this.identity.nodeId();
	}

}
