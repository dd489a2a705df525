package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.discovery.DiscoverySource;
import dev.p2p.peer.PeerAddress;

/**
 * Discovery forgot a peer: its adverts stopped for three intervals, or its address left the DNS
 * name. The node stops redialling it (a connected session stays until it ends on its own).
 */
public class PeerLostEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String nodeId;

	private final PeerAddress address;

	private final DiscoverySource discoverySource;

	/**
	 * Create an event.
	 * @param source the node
	 * @param nodeId the peer's node id, {@code null} when only its address was known (DNS)
	 * @param address where it accepted connections
	 * @param discoverySource how it had been found
	 */
	public PeerLostEvent(Object source, @Nullable String nodeId, PeerAddress address,
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
	 * Where the peer accepted connections.
	 * @return its listen address
	 */
	public PeerAddress getAddress() {
		return this.address;
	}

	/**
	 * How the peer had been found.
	 * @return the source
	 */
	public DiscoverySource getDiscoverySource() {
		return this.discoverySource;
	}

}
