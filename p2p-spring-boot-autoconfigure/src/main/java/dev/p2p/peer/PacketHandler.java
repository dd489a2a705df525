package dev.p2p.peer;

import java.util.List;

import dev.p2p.wire.Frame;

/**
 * Delivers a session's application frames, in order, on the listener executor. Implemented by
 * the listener layer's dispatcher.
 */
@FunctionalInterface
public interface PacketHandler {

	/**
	 * Handle frames that arrived from a peer, in arrival order. Never called concurrently for
	 * the same session.
	 * @param node the receiving node (for replies and reports)
	 * @param session the sender
	 * @param frames application frames of known types
	 */
	void handle(PeerNode node, PeerSession session, List<Frame> frames);

}
