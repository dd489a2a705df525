package dev.p2p.session;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.stream.StreamInput;

/**
 * Where a session's application packets go, in order, on the listener executor (or on the
 * connection's reader thread for types it {@linkplain #handlesInline(int) handles inline}).
 * Implemented by the listener layer; the session keeps frames, envelopes and control codes
 * to itself.
 */
@FunctionalInterface
public interface PacketHandler {

	/**
	 * Handle a packet that arrived from a peer. Never called concurrently for the same session.
	 * @param session the sender
	 * @param packet the packet
	 * @param responder answers it and reports what went wrong
	 */
	void handle(PeerSession session, InboundPacket packet, PacketResponder responder);

	/**
	 * Whether packets of a type may be handled on the reader thread that received them, when
	 * nothing from the same peer waits for the listener executor.
	 * @param typeCode a packet type code
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
	 * @param session the sender
	 * @param stream the stream's data
	 * @param responder reports a listener that threw
	 * @return what the listener threw (already reported), or {@code null} if it returned
	 */
	default @Nullable Throwable handleStream(PeerSession session, StreamInput stream, PacketResponder responder) {
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
