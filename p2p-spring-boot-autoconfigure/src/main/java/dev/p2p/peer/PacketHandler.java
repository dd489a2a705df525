package dev.p2p.peer;

import java.util.List;

import org.jspecify.annotations.Nullable;

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
	 * Whether a listener takes streams of a type (docs/PROTOCOL.md §12); a STREAM_OPEN of any
	 * other type is refused.
	 * @param typeCode a packet type code
	 * @return {@code true} if {@link #handleStream} has a listener for it
	 */
	default boolean acceptsStream(int typeCode) {
		return false;
	}

	/**
	 * Run the stream listener of a stream's type on the calling thread (a stream thread, one per
	 * stream); it reads the stream while chunks arrive. Returns when the listener returns.
	 * @param node the receiving node
	 * @param session the sender
	 * @param stream the stream's data
	 * @return what the listener threw (already reported), or {@code null} if it returned
	 */
	default @Nullable Throwable handleStream(PeerNode node, PeerSession session, StreamInput stream) {
		return new IllegalStateException("no listener takes streams of " + stream.getPacketType().name());
	}

	/**
	 * Whether any listener, of packets or of streams, handles a type (the built-in GET_FUNCS
	 * command reports these).
	 * @param type a packet type
	 * @return {@code true} if at least one does
	 */
	default boolean hasListener(Enum<?> type) {
		return false;
	}

}
