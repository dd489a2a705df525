package dev.p2p.session;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.wire.Frame;

/**
 * A protocol that runs on established sessions beside the engine's own (the relay): it gets the
 * control frames of its code range, hears when sessions start and end, and may reach nodes by id.
 * Registered on the node before it starts ({@code PeerNode#addExtension}). Calls come on the
 * session's reader thread (frames) or the thread that closed it (ends): an extension must not
 * block them.
 */
public interface SessionExtension {

	/**
	 * Whether control frames of a type go to this extension.
	 * @param code the frame type
	 * @return {@code true} for the extension's codes
	 */
	boolean handles(int code);

	/**
	 * The node started; its engine can be used until {@link #stopping()}.
	 * @param engine what the extension may use of the running node
	 */
	default void started(NodeEngine engine) {
	}

	/**
	 * A control frame of this extension's range arrived on an established session.
	 * @param session the session
	 * @param frame the frame
	 * @return {@code false} if the extension closed the session and later frames are to be ignored
	 */
	boolean controlFrame(PeerSession session, Frame frame);

	/**
	 * A session completed its handshake.
	 * @param session the session
	 */
	default void sessionActive(PeerSession session) {
	}

	/**
	 * A session ended (or its handshake failed).
	 * @param session the session
	 * @param detail why, in words
	 */
	default void sessionEnded(PeerSession session, String detail) {
	}

	/**
	 * The node is stopping: sessions are still open, they close right after.
	 */
	default void stopping() {
	}

	/**
	 * Reach a node that no direct address is known for.
	 * @param nodeId its node id
	 * @return the session once established, or {@code null} if this extension cannot try
	 */
	default @Nullable CompletableFuture<PeerSession> connect(String nodeId) {
		return null;
	}

}
