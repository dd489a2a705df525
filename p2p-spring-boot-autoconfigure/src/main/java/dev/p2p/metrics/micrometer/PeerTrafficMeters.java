package dev.p2p.metrics.micrometer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionState;

/**
 * Which {@link TrafficMeters} a session's packets and bytes count on: one shared series, or
 * with the peer tag one series per peer node id, shared by that peer's sessions and removed
 * from the registry when its last session closes. Connections still handshaking count on the
 * shared series (tagged with an empty peer).
 */
final class PeerTrafficMeters {

	private final MeterRegistry registry;

	private final PacketTypeRegistry packetTypes;

	private final boolean peerTag;

	/** Traffic of every peer, or (with the peer tag) of connections not yet identified. */
	private final TrafficMeters shared;

	/** Meters of each established session (with the peer tag). */
	private final Map<PeerSession, TrafficMeters> bySession = new ConcurrentHashMap<>();

	/** Meters of each peer's node id, shared by its sessions; guarded by itself. */
	private final Map<String, TrafficMeters> byNodeId = new HashMap<>();

	PeerTrafficMeters(MeterRegistry registry, PacketTypeRegistry packetTypes, boolean peerTag) {
		this.registry = registry;
		this.packetTypes = packetTypes;
		this.peerTag = peerTag;
		this.shared = new TrafficMeters(registry, packetTypes.types(), peerTag ? Tags.of("peer", "") : Tags.empty());
	}

	TrafficMeters of(PeerSession session) {
		if (!this.peerTag) {
			return this.shared;
		}
		TrafficMeters meters = this.bySession.get(session);
		if (meters != null) {
			return meters;
		}
		if (session.getState() == SessionState.HANDSHAKING) {
			return this.shared;
		}
		synchronized (this.byNodeId) {
			// a session is CLOSED before sessionClosed: no series is taken after it was given back
			if (session.getState() == SessionState.CLOSED) {
				return this.shared;
			}
			meters = this.bySession.get(session);
			if (meters == null) {
				meters = this.byNodeId.computeIfAbsent(session.getNodeId(),
						(nodeId) -> new TrafficMeters(this.registry, this.packetTypes.types(), Tags.of("peer", nodeId)));
				meters.sessions++;
				this.bySession.put(session, meters);
			}
			return meters;
		}
	}

	/** Drop the series of a peer whose last session closed (only with the peer tag). */
	void sessionClosed(PeerSession session) {
		if (!this.peerTag) {
			return;
		}
		synchronized (this.byNodeId) {
			TrafficMeters left = this.bySession.remove(session);
			if (left != null && --left.sessions == 0) {
				this.byNodeId.remove(session.getNodeId());
				left.removeFrom(this.registry);
			}
		}
	}

}
