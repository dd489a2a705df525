package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.discovery.DiscoverySource;
import dev.p2p.peer.PeerAddress;

/**
 * Discovery found a peer this node did not know: by its UDP adverts, as an address of the DNS
 * name, or in a connected peer's list of peers. With {@code p2p.discovery.auto-connect} the node
 * dials it next.
 */
public class PeerDiscoveredEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String nodeId;

	private final PeerAddress address;

	private final DiscoverySource discoverySource;

	/**
	 * Create an event.
	 * @param source the node
	 * @param nodeId the peer's node id, {@code null} when only its address is known (DNS)
	 * @param address where it accepts connections
	 * @param discoverySource how it was found
	 */
	public PeerDiscoveredEvent(Object source, @Nullable String nodeId, PeerAddress address,
			DiscoverySource discoverySource) {
		super(source);
		this.nodeId = nodeId;
		this.address = address;
		this.discoverySource = discoverySource;
	}

	/**
	 * The peer's node id.
	 * @return node id, {@code null} for a DNS address
	 */
	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	/**
	 * Where the peer accepts connections.
	 * @return its listen address
	 */
	public PeerAddress getAddress() {
		return this.address;
	}

	/**
	 * How the peer was found.
	 * @return the source
	 */
	public DiscoverySource getDiscoverySource() {
		return this.discoverySource;
	}

}
