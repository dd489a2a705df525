package dev.p2p.event;

/**
 * The node's server socket was closed because the node stopped.
 */
public class PeerServerStoppedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the event.
	 * @param source the node
	 */
	public PeerServerStoppedEvent(Object source) {
		super(source);
	}

}
