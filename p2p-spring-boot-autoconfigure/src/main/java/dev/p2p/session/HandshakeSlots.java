package dev.p2p.session;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.jspecify.annotations.Nullable;

import dev.p2p.security.ConnectionGate;

/**
 * The inbound connections still in their handshake, oldest first. When every handshaking slot
 * ({@code p2p.limits.max-handshaking}) is taken, the oldest may give its slot to a newcomer
 * once it has had {@link #MIN_AGE_NANOS} to prove itself: an honest peer sends its HELLO at
 * once and completes in milliseconds, so connections that trickle bytes cannot keep honest
 * peers out by holding every slot until the handshake timeout.
 */
final class HandshakeSlots {

	/** Least time a handshaking connection keeps its slot, however many newcomers wait. */
	static final long MIN_AGE_NANOS = 250_000_000L;

	private final ConcurrentLinkedDeque<DefaultPeerSession> order = new ConcurrentLinkedDeque<>();

	/**
	 * An inbound connection was admitted into a handshaking slot.
	 * @param session its session
	 */
	void admitted(DefaultPeerSession session) {
		session.handshakeAdmittedNanos = System.nanoTime();
		session.holdsHandshakeSlot.set(true);
		this.order.addLast(session);
	}

	/**
	 * A session's handshake ended (established or closed): give its slot back.
	 * @param session the session
	 * @param gate the gate counting the slots
	 */
	void ended(DefaultPeerSession session, ConnectionGate gate) {
		if (session.holdsHandshakeSlot.compareAndSet(true, false)) {
			this.order.remove(session);
			gate.handshakeEnded(session.getRemoteAddress().getAddress());
		}
	}

	/**
	 * Take the slot of the oldest handshaking connection if it is old enough; the caller closes it.
	 * @param gate the gate counting the slots (called back while it is deciding)
	 * @return the session that lost its slot, or {@code null} if every slot is young
	 */
	@Nullable DefaultPeerSession evictOldest(ConnectionGate gate) {
		long now = System.nanoTime();
		for (Iterator<DefaultPeerSession> it = this.order.iterator(); it.hasNext();) {
			DefaultPeerSession oldest = it.next();
			if (!oldest.holdsHandshakeSlot.get()) {
				it.remove(); // ended meanwhile
				continue;
			}
			if (now - oldest.handshakeAdmittedNanos < MIN_AGE_NANOS) {
				return null;
			}
			if (oldest.holdsHandshakeSlot.compareAndSet(true, false)) {
				it.remove();
				gate.handshakeEnded(oldest.getRemoteAddress().getAddress());
				return oldest;
			}
		}
		return null;
	}

}
