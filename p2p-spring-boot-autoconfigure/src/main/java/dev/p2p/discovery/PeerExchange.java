package dev.p2p.discovery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DiscoverySource;
import dev.p2p.membership.KnownPeer;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;

/**
 * Peer exchange (pnet's {@code get_peers}): every interval, each connected peer is asked for
 * its peers with the built-in GET_PEERS request; the ones this node does not know are reported
 * as discovered (and dialled, within {@code max-peers}). A peer no one reports for three
 * intervals is lost.
 */
final class PeerExchange {

	private static final Log logger = LogFactory.getLog(PeerExchange.class);

	private final PeerNode node;

	private final DiscoveredPeers peers;

	private final Duration timeout;

	private final Executor executor;

	PeerExchange(PeerNode node, DiscoveredPeers peers, Duration timeout, Executor executor) {
		this.node = node;
		this.peers = peers;
		this.timeout = timeout;
		this.executor = executor;
	}

	/** Ask every connected peer that speaks the handshake protocol. */
	void exchange() {
		for (PeerSession session : this.node.getSessions()) {
			if (session.getIdentity() == null) {
				// handshake mode none: a dpea-p2p peer cannot answer
				continue;
			}
			this.node.sender().builtIns().requestKnownPeers(session, this.timeout)
				.whenCompleteAsync((known, failure) -> answered(session, known, failure), this.executor);
		}
	}

	private void answered(PeerSession session, List<KnownPeer> known, Throwable failure) {
		if (failure != null) {
			logger.debug("GET_PEERS to '" + session.getNodeId() + "' failed: " + failure.getMessage());
			return;
		}
		for (KnownPeer peer : known) {
			if (!peer.nodeId().equals(this.node.getNodeId())) {
				this.peers.seen(DiscoverySource.PEER_EXCHANGE, peer.nodeId(), null, peer.address());
			}
		}
	}

}
