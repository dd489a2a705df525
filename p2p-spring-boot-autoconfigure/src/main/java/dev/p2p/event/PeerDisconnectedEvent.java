package dev.p2p.event;

import dev.p2p.peer.PeerSession;

/**
 * An established peer session ended.
 */
public class PeerDisconnectedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final DisconnectReason reason;

	private final String detail;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the session that ended
	 * @param reason why, in categories
	 * @param detail why, in words
	 */
	public PeerDisconnectedEvent(Object source, PeerSession session, DisconnectReason reason, String detail) {
		super(source, session);
		this.reason = reason;
		this.detail = detail;
	}

	/**
	 * Why the session ended.
	 * @return the reason
	 */
	public DisconnectReason getReason() {
		return this.reason;
	}

	/**
	 * Why the session ended, in words (the peer's BYE reason, the exception message, ...).
	 * @return the detail
	 */
	public String getDetail() {
		return this.detail;
	}

	@Override
	public String toString() {
		return "PeerDisconnectedEvent[" + getNodeId() + ", " + this.reason + ": " + this.detail + "]";
	}

}
