package dev.p2p.session;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * Acknowledged delivery (implemented in {@code dev.p2p.delivery}, registered as a
 * {@link SessionExtension}): takes the plain application packets of sessions whose handshake
 * agreed on it, on their way out and on their way to the listeners.
 */
public interface DeliveryHook {

	/**
	 * Whether this node announces acknowledged delivery in its HELLO and ACCEPT.
	 * @return {@code true} when active
	 */
	boolean announces();

	/**
	 * Send a plain application frame on a session that agreed on acknowledged delivery.
	 * @param session the session (it may have closed since it was looked up)
	 * @param trace the TRACE frame to precede it, or {@code null}
	 * @param frame the application frame
	 * @param written completed as the frame's mode says (written, or acknowledged), may be {@code null}
	 * @param timeoutNanos how long to wait for room
	 * @param mayWriteInline whether the caller may write the frame itself on an idle connection
	 * ({@code false} for one of several sessions getting the same frame)
	 */
	void send(DefaultPeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			long timeoutNanos, boolean mayWriteInline);

	/**
	 * Send to a peer without an established session: kept for its suspended session, if any.
	 * @param nodeId the peer
	 * @param frame the application frame
	 * @param written completed at the acknowledgement, may be {@code null}
	 * @param timeoutNanos how long to wait for room
	 * @return {@code false} if the peer has no suspended session (or the type is at-most-once)
	 */
	boolean sendSuspended(String nodeId, Frame frame, @Nullable CompletableFuture<Void> written, long timeoutNanos);

	/**
	 * A batch of frames read from a session that agreed was handed to the listeners (after
	 * {@link #received} for each of its plain packets): the moment to decide on an
	 * acknowledgement once per batch instead of once per packet.
	 * @param session the sender
	 */
	default void routed(DefaultPeerSession session) {
	}

	/**
	 * A plain application packet arrived on a session that agreed: run its handling, or drop it
	 * (a duplicate, or a frame of a connection the session has moved away from).
	 * @param session the sender
	 * @param type the packet type
	 * @param size the frame's size on the wire, header included
	 * @param handling hands the packet to the listeners
	 */
	void received(DefaultPeerSession session, Enum<?> type, int size, Runnable handling);

	/**
	 * Whether streams of a type survive a lost connection until the session resumes (docs/PROTOCOL.md §16.6).
	 * @param type the stream's packet type
	 * @return {@code true} for a reliable mode
	 */
	default boolean keepsStreams(Enum<?> type) {
		return false;
	}

}
