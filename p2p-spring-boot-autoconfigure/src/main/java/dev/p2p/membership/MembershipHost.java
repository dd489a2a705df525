package dev.p2p.membership;

import java.util.Collection;
import java.util.List;

import dev.p2p.event.DisconnectReason;
import dev.p2p.request.RequestReporter;

/**
 * What the heartbeat and the built-in commands need of the node. Implemented by the session
 * engine.
 *
 * @param <S> the engine's session type
 */
public interface MembershipHost<S extends MembershipSession> extends RequestReporter<S> {

	/**
	 * Established sessions.
	 * @return a snapshot
	 */
	Collection<S> activeSessions();

	/**
	 * Close a session, saying goodbye.
	 * @param session the session
	 * @param reason why
	 * @param detail the details, for logs and events
	 */
	void close(S session, DisconnectReason reason, String detail);

	/**
	 * The packet types this node's listeners handle (for GET_FUNCS).
	 * @return the listener types
	 */
	List<ListenerType> listenerTypes();

	/**
	 * The peers this node knows (for GET_PEERS).
	 * @return the known peers
	 */
	List<KnownPeer> knownPeers();

}
