package dev.p2p.event;

import java.net.InetSocketAddress;

import dev.p2p.peer.PeerSession;

/**
 * A peer told this node, in its ACCEPT, the address this node's connection came from: after a
 * NAT, the public address and port it was mapped to. Advice only: one peer's word makes no
 * address that the node advertises (see {@code dev.p2p.nat.ObservedAddresses}).
 */
public class AddressObservedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final transient InetSocketAddress observed;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the session whose ACCEPT carried the observation
	 * @param observed the address the peer saw
	 */
	public AddressObservedEvent(Object source, PeerSession session, InetSocketAddress observed) {
		super(source, session);
		this.observed = observed;
	}

	/**
	 * The address the peer saw this node's connection come from.
	 * @return the observed address
	 */
	public InetSocketAddress getObserved() {
		return this.observed;
	}

}
