package dev.p2p.request;

import dev.p2p.peer.PeerSession;

/**
 * A session as the request layer sees it: a peer with the requests this node waits on.
 * Implemented by the session engine.
 */
public interface RequestSession extends PeerSession {

	/**
	 * This node's requests to the peer that wait for their replies.
	 * @return the pending requests
	 */
	PendingRequests getPendingRequests();

}
