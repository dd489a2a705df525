package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;

/**
 * Something discovery learned about a peer: which peer (its node id, when known), where it
 * accepts connections, and how discovery knows of it.
 */
public abstract class DiscoveryEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String nodeId;

	private final PeerAddress address;

	private final DiscoverySource discoverySource;

	/**
	 * Create an event.
	 * @param source the node
	 * @param nodeId the peer's node id, {@code null} when only its address is known (DNS)
	 * @param address where it accepts connections
	 * @param discoverySource how discovery knows of it
	 */
	protected DiscoveryEvent(Object source, @Nullable String nodeId, PeerAddress address,
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
	 * How discovery knows of the peer.
	 * @return the source
	 */
	public DiscoverySource getDiscoverySource() {
		return this.discoverySource;
	}

}
