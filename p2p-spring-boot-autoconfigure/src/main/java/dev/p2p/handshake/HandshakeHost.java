package dev.p2p.handshake;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.Frame;

/**
 * What the handshake needs of the node: its identity and settings, the session registry, and
 * what happens to the dial that opened a connection. Implemented by the session engine.
 *
 * @param <S> the engine's session type
 */
public interface HandshakeHost<S extends HandshakeSession> {

	/**
	 * This node's identity as sent in HELLO and ACCEPT.
	 * @return the identity
	 */
	PeerIdentity identity();

	/**
	 * The network key, if peers must prove it.
	 * @return the key, or {@code null}
	 */
	@Nullable NetworkKey networkKey();

	/**
	 * Whether this node's connections use TLS ({@code p2p.ssl.bundle}), to tell a peer without it
	 * from other failures.
	 * @return {@code true} with TLS
	 */
	boolean usesTls();

	/**
	 * How long a handshake may take.
	 * @return the timeout
	 */
	Duration handshakeTimeout();

	/**
	 * How long an inbound connection may take to deliver its complete HELLO, TLS handshake
	 * included; at most {@link #handshakeTimeout()}. A connection that sends nothing useful is
	 * dropped early: until then it costs a reader thread and a handshake slot.
	 * @return the timeout
	 */
	default Duration helloTimeout() {
		return handshakeTimeout();
	}

	/**
	 * The node's timer.
	 * @return the timer
	 * @throws IllegalStateException if the node is not running
	 */
	ScheduledExecutorService timers();

	/**
	 * Whether this node announces acknowledged delivery ({@code "delivery":1} in HELLO and
	 * ACCEPT, docs/PROTOCOL.md §16).
	 * @return {@code true} when acknowledged delivery is active
	 */
	default boolean announcesDelivery() {
		return false;
	}

	/**
	 * Where handshake outcomes are counted.
	 * @return the metrics
	 */
	PeerMetrics metrics();

	/**
	 * Publish an event.
	 * @param event the event
	 */
	void publish(ApplicationEvent event);

	/**
	 * The source of the events the node publishes.
	 * @return the event source
	 */
	Object eventSource();

	/**
	 * How many sessions are established.
	 * @return the count
	 */
	int activeCount();

	/**
	 * Make a session active, if no other session with its peer is kept instead; a session it
	 * replaces is closed.
	 * @param session the session
	 * @param beforeVisible runs once the session is chosen, before others can see it
	 * @return what became of it
	 */
	Activation activate(S session, Runnable beforeVisible);

	/**
	 * Close a session after a last frame (DENY, a goodbye) was written.
	 * @param session the session
	 * @param last the frame
	 */
	void closeAfter(S session, Frame last);

	/**
	 * A goodbye frame.
	 * @param reason why
	 * @param duplicate whether another connection to the peer is kept
	 * @return the frame
	 */
	Frame bye(String reason, boolean duplicate);

	/**
	 * The session is established: its dial (and dials covered by it) are answered.
	 * @param session the session
	 */
	void established(S session);

	/**
	 * The session lost to another connection with the same peer: its dial is answered by that
	 * session.
	 * @param session the session that lost
	 * @param nodeId the peer's node id
	 */
	void coveredElsewhere(S session, String nodeId);

	/**
	 * The handshake failed: its dial fails.
	 * @param session the session
	 * @param reason what happened
	 */
	void handshakeFailed(S session, String reason);

	/**
	 * What became of an attempt to make a session active.
	 */
	enum Activation {

		/** The session is active. */
		ACTIVATED,

		/** Another session with the same peer is kept. */
		DUPLICATE,

		/** The session closed (or the node stopped) meanwhile. */
		GONE

	}

}
