package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;

/**
 * Discovery forgot a peer: its adverts stopped for three intervals, or its address left the DNS
 * name. The node stops redialling it (a connected session stays until it ends on its own).
 */
public class PeerLostEvent extends DiscoveryEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param source the node
	 * @param nodeId the peer's node id, {@code null} when only its address is known (DNS)
	 * @param address where it accepts connections
	 * @param discoverySource how discovery knows of it
	 */
	public PeerLostEvent(Object source, @Nullable String nodeId, PeerAddress address, DiscoverySource discoverySource) {
		super(source, nodeId, address, discoverySource);
	}

}
