package dev.p2p.delivery;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * A sent packet kept until the peer acknowledged it: its position in the session (renumbered
 * when a resumption drops packets before it), its frame, mode, and the future its sender waits on.
 */
final class Outgoing {

	final Frame frame;

	final Enum<?> type;

	final DeliveryMode mode;

	/** Completed at the acknowledgement (reliable modes), {@code null} when nobody waits. */
	final @Nullable CompletableFuture<Void> acknowledged;

	/** Position in the session; changed only under the peer's send lock. */
	volatile long position;

	/**
	 * Whether it was handed to a connection (an at-most-once packet is then never sent again);
	 * read and written only under the peer's send lock, so not volatile (a fence per packet).
	 */
	boolean written;

	Outgoing(long position, Frame frame, Enum<?> type, DeliveryMode mode,
			@Nullable CompletableFuture<Void> acknowledged) {
		this.position = position;
		this.frame = frame;
		this.type = type;
		this.mode = mode;
		this.acknowledged = acknowledged;
	}

	long size() {
		return this.frame.wireSize();
	}

}
