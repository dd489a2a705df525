package dev.p2p.event;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;

/**
 * A peer session is established: after ACCEPT in handshake mode {@code hello}, on the TCP
 * connect in mode {@code none}. Never published for a connection that is later denied.
 */
public class PeerConnectedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final SessionPath path;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the new session
	 */
	public PeerConnectedEvent(Object source, PeerSession session) {
		super(source, session);
		this.path = session.path();
	}

	/**
	 * How the session travels: {@code DIRECT}, or {@code RELAYED} inside a relay circuit
	 * ({@code getSession().relay()} names the relay).
	 * @return the session's path when it was established
	 */
	public SessionPath getPath() {
		return this.path;
	}

}
