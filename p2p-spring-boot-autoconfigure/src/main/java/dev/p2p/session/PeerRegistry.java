package dev.p2p.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionState;

/**
 * The node's sessions: every open connection, and the one active session per peer node id.
 *
 * <p>When a second connection to the same peer completes its handshake, exactly one survives,
 * and both ends pick the same one without talking about it:
 * <ul>
 * <li>a peer that restarted (new instance id) replaces its old session;
 * <li>otherwise the connection dialled by the node with the smaller node id wins (this settles
 * two nodes dialling each other at the same moment);
 * <li>between two connections dialled by the same node, the older one stays.
 * </ul>
 */
final class PeerRegistry {

	private final String localNodeId;

	private final Set<DefaultPeerSession> open = ConcurrentHashMap.newKeySet();

	private final Map<String, DefaultPeerSession> active = new ConcurrentHashMap<>();

	PeerRegistry(String localNodeId) {
		this.localNodeId = localNodeId;
	}

	void opened(DefaultPeerSession session) {
		this.open.add(session);
	}

	/**
	 * Make the session the peer's active one, unless another connection to the same peer wins
	 * or the session closed in the meantime. Runs under the same monitor as {@link #closed}, so
	 * a session is either activated before it closes (and its close is a disconnect) or never.
	 * @param candidate the identified session
	 * @param beforeVisible runs once the candidate has won, before other threads can see it
	 * as active (queues the ACCEPT ahead of any packet)
	 * @return the outcome
	 */
	synchronized Activation activate(DefaultPeerSession candidate, Runnable beforeVisible) {
		return activate(candidate, beforeVisible, (displaced) -> {
		});
	}

	/**
	 * Activate as {@link #activate(DefaultPeerSession, Runnable)} does, and let the caller act on
	 * the session the candidate displaces while no other thread can see the candidate yet.
	 * @param candidate the identified session
	 * @param beforeVisible runs once the candidate has won, before other threads can see it
	 * @param displacing runs with the displaced session after the candidate is active, before
	 * other threads can see it (moves the displaced session's queued frames ahead of any new one)
	 * @return the outcome
	 */
	synchronized Activation activate(DefaultPeerSession candidate, Runnable beforeVisible,
			Consumer<DefaultPeerSession> displacing) {
		if (candidate.getState() != SessionState.HANDSHAKING) {
			return Activation.GONE;
		}
		DefaultPeerSession existing = this.active.get(candidate.getNodeId());
		if (existing != null && existing != candidate && existing.isActive()) {
			if (!prefers(candidate, existing)) {
				return new Activation(false, null, false);
			}
		}
		else {
			existing = null;
		}
		beforeVisible.run();
		if (candidate.getState() != SessionState.HANDSHAKING) {
			// writing the ACCEPT failed and closed the connection on this very thread
			return Activation.GONE;
		}
		candidate.activate();
		if (existing != null) {
			displacing.accept(existing);
		}
		this.active.put(candidate.getNodeId(), candidate);
		return new Activation(true, existing, false);
	}

	private boolean prefers(DefaultPeerSession candidate, DefaultPeerSession existing) {
		PeerIdentity candidateId = candidate.getIdentity();
		PeerIdentity existingId = existing.getIdentity();
		if (candidateId == null || existingId == null) {
			// handshake mode none: node ids are remote addresses, a duplicate is a new connection
			return true;
		}
		if (!candidateId.instanceId().equals(existingId.instanceId())) {
			return true;
		}
		String candidateDialer = dialerOf(candidate);
		String existingDialer = dialerOf(existing);
		if (candidateDialer.equals(existingDialer)) {
			// the dialer would not dial again while it still had a live session: its old one is
			// closed or closing on its side (a BYE not read here yet), so the newer one wins
			return true;
		}
		return candidateDialer.compareTo(existingDialer) < 0;
	}

	private String dialerOf(DefaultPeerSession session) {
		return (session.getDirection() == Direction.OUTBOUND) ? this.localNodeId : session.getNodeId();
	}

	/**
	 * Mark a session closed and forget it, atomically with {@link #activate}.
	 * @param session the session
	 * @return its state before the close, and whether it was the peer's active session
	 */
	synchronized Closed closed(DefaultPeerSession session) {
		SessionState previous = session.getState();
		session.setState(SessionState.CLOSED);
		this.open.remove(session);
		return new Closed(previous, this.active.remove(session.getNodeId(), session));
	}

	@Nullable DefaultPeerSession find(String nodeId) {
		DefaultPeerSession session = this.active.get(nodeId);
		return (session != null && session.isActive()) ? session : null;
	}

	List<DefaultPeerSession> activeSessions() {
		List<DefaultPeerSession> sessions = new ArrayList<>(this.active.size());
		for (DefaultPeerSession session : this.active.values()) {
			if (session.isActive()) {
				sessions.add(session);
			}
		}
		return sessions;
	}

	int activeCount() {
		return this.active.size();
	}

	/**
	 * Whether an open session other than {@code except} is with that node (active, or
	 * handshaking after its HELLO or ACCEPT named it); one this node is closing (it said
	 * goodbye) does not count.
	 */
	boolean hasOpenSessionWith(String nodeId, DefaultPeerSession except) {
		for (DefaultPeerSession session : this.open) {
			if (session != except && session.getIdentity() != null && nodeId.equals(session.getIdentity().nodeId())
					&& session.getState() != SessionState.CLOSING) {
				return true;
			}
		}
		return false;
	}

	Collection<DefaultPeerSession> openSessions() {
		return List.copyOf(this.open);
	}

	/**
	 * Outcome of {@link #activate}.
	 *
	 * @param activated whether the candidate is now the peer's session
	 * @param displaced the session it replaced, to be closed, or {@code null}
	 * @param gone whether the candidate closed before it could be activated
	 */
	record Activation(boolean activated, @Nullable DefaultPeerSession displaced, boolean gone) {

		static final Activation GONE = new Activation(false, null, true);

	}

	/**
	 * Outcome of {@link #closed}.
	 *
	 * @param previous the session's state before the close
	 * @param wasCurrent whether it was the peer's active session
	 */
	record Closed(SessionState previous, boolean wasCurrent) {
	}

}
