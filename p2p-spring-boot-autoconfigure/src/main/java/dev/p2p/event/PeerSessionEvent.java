package dev.p2p.event;

import dev.p2p.peer.PeerSession;

/**
 * Parent of the events about one peer session.
 */
public abstract class PeerSessionEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final transient PeerSession session;

	/**
	 * Create an event.
	 * @param source the node
	 * @param session the session concerned
	 */
	protected PeerSessionEvent(Object source, PeerSession session) {
		super(source);
		this.session = session;
	}

	/**
	 * The session concerned.
	 * @return the session
	 */
	public PeerSession getSession() {
		return this.session;
	}

	/**
	 * Node id of the peer (its remote address in handshake mode {@code none}).
	 * @return the peer's node id
	 */
	public String getNodeId() {
		return this.session.getNodeId();
	}

}
