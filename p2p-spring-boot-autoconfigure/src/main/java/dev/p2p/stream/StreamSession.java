package dev.p2p.stream;

import java.util.List;

import dev.p2p.peer.PeerSession;
import dev.p2p.wire.Frame;

/**
 * A session as the stream layer sees it. Implemented by the session engine.
 */
public interface StreamSession extends PeerSession {

	/**
	 * Queue frames only if there is room now; never waits (credits and cancels are sent from
	 * the reader thread, which must not block on a peer that stopped reading).
	 * @param frames the frames, kept together
	 * @return {@code false} if the queue had no room or the session is closing
	 */
	boolean offerNow(List<Frame> frames);

}
