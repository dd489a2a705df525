package dev.p2p.compat.pnet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.PeerLostEvent;
import dev.p2p.peer.PeerAddress;
import dev.p2p.session.AttachedSessions;

/**
 * The pnet nodes this node knows from their adverts, by name: a newer advert with the same name
 * replaces the older (as in pnet). Unlike pnet, a node that stops advertising is forgotten after
 * {@code p2p.pnet.peer-expiry}; the table is bounded. Each new node is a
 * {@code PeerDiscoveredEvent} and each forgotten one a {@code PeerLostEvent}, source {@code pnet}.
 */
final class PnetPeers {

	private static final Log logger = LogFactory.getLog(PnetPeers.class);

	private static final int MAX_PEERS = 1024;

	private final Map<String, PnetPeer> peers = new ConcurrentHashMap<>();

	private final AttachedSessions node;

	private final Duration expiry;

	PnetPeers(AttachedSessions node, Duration expiry) {
		this.node = node;
		this.expiry = expiry;
	}

	/** An advert arrived. */
	void seen(PnetAdvert advert) {
		PnetPeer peer = new PnetPeer(advert.name(), advert.host(), advert.port(), advert.publicKey(), Instant.now());
		if (!this.peers.containsKey(advert.name()) && this.peers.size() >= MAX_PEERS) {
			logger.debug("pnet advert of '" + advert.name() + "' dropped: " + MAX_PEERS + " pnet nodes known already");
			return;
		}
		PnetPeer older = this.peers.put(advert.name(), peer);
		if (older == null || older.port() != peer.port() || !older.host().equals(peer.host())) {
			logger.info("pnet node '" + peer.name() + "' found at " + peer.host() + ":" + peer.port());
			this.node.publish(new PeerDiscoveredEvent(this.node.eventSource(), peer.name(),
					new PeerAddress(peer.host(), peer.port()), DiscoverySource.PNET));
		}
	}

	/** Forget the nodes silent for longer than the expiry. */
	void sweep() {
		Instant oldest = Instant.now().minus(this.expiry);
		for (PnetPeer peer : List.copyOf(this.peers.values())) {
			if (peer.lastSeen().isBefore(oldest) && this.peers.remove(peer.name(), peer)) {
				logger.info("pnet node '" + peer.name() + "' lost: no advert for " + this.expiry.toMillis() + " ms");
				this.node.publish(new PeerLostEvent(this.node.eventSource(), peer.name(),
						new PeerAddress(peer.host(), peer.port()), DiscoverySource.PNET));
			}
		}
	}

	@Nullable PnetPeer find(String name) {
		return this.peers.get(name);
	}

	List<PnetPeer> all() {
		return new ArrayList<>(this.peers.values());
	}

	List<String> names() {
		return new ArrayList<>(this.peers.keySet());
	}

}
