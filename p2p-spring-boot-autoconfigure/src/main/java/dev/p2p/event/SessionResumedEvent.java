package dev.p2p.event;

import dev.p2p.peer.PeerSession;

/**
 * A session with acknowledged delivery started on a new connection: either it resumed the
 * suspended one (both sides resent what the other lacked), or it started fresh (the peer
 * restarted, or the resumption was refused) and every unacknowledged packet was sent again.
 */
public class SessionResumedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final boolean resumed;

	private final int resent;

	private final String detail;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the new session
	 * @param resumed whether the suspended session was resumed (rather than started fresh)
	 * @param resent packets sent again on it
	 * @param detail what happened, in words
	 */
	public SessionResumedEvent(Object source, PeerSession session, boolean resumed, int resent, String detail) {
		super(source, session);
		this.resumed = resumed;
		this.resent = resent;
		this.detail = detail;
	}

	/**
	 * Whether the suspended session was resumed.
	 * @return {@code false} for a fresh start
	 */
	public boolean isResumed() {
		return this.resumed;
	}

	/**
	 * Packets sent again on the new connection.
	 * @return the count
	 */
	public int getResent() {
		return this.resent;
	}

	/**
	 * What happened.
	 * @return in words
	 */
	public String getDetail() {
		return this.detail;
	}

}
