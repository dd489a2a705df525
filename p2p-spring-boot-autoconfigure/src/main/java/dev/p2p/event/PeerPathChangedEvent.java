package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;

/**
 * A peer's traffic moved to another path: after a hole punch, from a relayed session to a direct
 * connection. The session carried is the new one; nothing was lost, duplicated or reordered on
 * the way.
 */
public class PeerPathChangedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final SessionPath from;

	private final SessionPath to;

	private final @Nullable String relay;

	private final long millis;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the session that now carries the peer's traffic
	 * @param from the old path
	 * @param to the new path
	 * @param relay the relay of the old path, {@code null} when it was direct
	 * @param millis how long the switch took from the first punch message
	 */
	public PeerPathChangedEvent(Object source, PeerSession session, SessionPath from, SessionPath to,
			@Nullable String relay, long millis) {
		super(source, session);
		this.from = from;
		this.to = to;
		this.relay = relay;
		this.millis = millis;
	}

	/**
	 * The old path.
	 * @return the path before the switch
	 */
	public SessionPath getFrom() {
		return this.from;
	}

	/**
	 * The new path.
	 * @return the path after the switch
	 */
	public SessionPath getTo() {
		return this.to;
	}

	/**
	 * The relay that carried the old path.
	 * @return its node id, or {@code null}
	 */
	public @Nullable String getRelay() {
		return this.relay;
	}

	/**
	 * Time from the first PUNCH_CONNECT to the new session.
	 * @return milliseconds
	 */
	public long getMillis() {
		return this.millis;
	}

}
