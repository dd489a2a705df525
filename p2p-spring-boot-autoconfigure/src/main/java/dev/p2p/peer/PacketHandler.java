package dev.p2p.peer;

import java.util.List;

import dev.p2p.wire.Frame;

/**
 * Delivers a session's application frames, in order, on the listener executor (or on the
 * connection's reader thread for types it {@linkplain #handlesInline(int) handles inline}).
 * Implemented by the listener layer's dispatcher.
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

	/**
	 * Whether frames of a type may be handled on the reader thread that received them, when
	 * nothing from the same peer waits for the listener executor.
	 * @param typeCode a type code (TRACE frames ask too: they travel with the next frame)
	 * @return {@code true} if handling them never blocks for long
	 */
	default boolean handlesInline(int typeCode) {
		return false;
	}

	/**
	 * Whether any listener handles a type (the built-in GET_FUNCS command reports these).
	 * @param type a packet type
	 * @return {@code true} if at least one does
	 */
	default boolean hasListener(Enum<?> type) {
		return false;
	}

}
