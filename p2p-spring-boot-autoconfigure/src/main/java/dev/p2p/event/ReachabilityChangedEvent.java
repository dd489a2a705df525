package dev.p2p.event;

import java.util.List;

import dev.p2p.peer.Reachability;

/**
 * The node's idea of whether it can be dialled from outside changed: a dial-back by a peer
 * succeeded (public) or every candidate address failed (private).
 */
public class ReachabilityChangedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final Reachability previous;

	private final Reachability current;

	private final transient List<String> confirmedAddresses;

	/**
	 * Create the event.
	 * @param source the node
	 * @param previous the reachability before
	 * @param current the reachability now
	 * @param confirmedAddresses the addresses confirmed by dial-backs, {@code host:port}
	 */
	public ReachabilityChangedEvent(Object source, Reachability previous, Reachability current,
			List<String> confirmedAddresses) {
		super(source);
		this.previous = previous;
		this.current = current;
		this.confirmedAddresses = List.copyOf(confirmedAddresses);
	}

	/**
	 * Reachability before the change.
	 * @return the previous reachability
	 */
	public Reachability getPrevious() {
		return this.previous;
	}

	/**
	 * Reachability now.
	 * @return the current reachability
	 */
	public Reachability getCurrent() {
		return this.current;
	}

	/**
	 * The node's addresses confirmed by dial-backs.
	 * @return {@code host:port} strings
	 */
	public List<String> getConfirmedAddresses() {
		return this.confirmedAddresses;
	}

}
