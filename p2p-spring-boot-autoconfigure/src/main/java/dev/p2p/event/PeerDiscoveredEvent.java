package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;

/**
 * Discovery found a peer this node did not know: by its UDP adverts, as an address of the DNS
 * name, or in a connected peer's list of peers. With {@code p2p.discovery.auto-connect} the node
 * dials it next.
 */
public class PeerDiscoveredEvent extends DiscoveryEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param source the node
	 * @param nodeId the peer's node id, {@code null} when only its address is known (DNS)
	 * @param address where it accepts connections
	 * @param discoverySource how discovery knows of it
	 */
	public PeerDiscoveredEvent(Object source, @Nullable String nodeId, PeerAddress address, DiscoverySource discoverySource) {
		super(source, nodeId, address, discoverySource);
	}

}
