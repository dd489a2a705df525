package dev.p2p.delivery;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.p2p.session.DefaultPeerSession;

/**
 * The receiving half of a peer's session with acknowledged delivery: the implied position of
 * each plain application packet, the last position its listeners handled, and which connection
 * counts. A packet is counted after its handling returned, under a lock that the resumption
 * takes too, so the position a RESUME announces is never one a listener is still working on.
 */
final class InboundPositions {

	/**
	 * Handled bytes that make the receiver acknowledge at once, whatever the packet count: a
	 * sender's replay buffer of a few large packets does not wait for the timer (1 MiB packets
	 * went at 35 MB/s with the count alone).
	 */
	static final long ACK_BYTES = 256 * 1024;

	/**
	 * Within a read batch, the receiver acknowledges only after this many times
	 * {@code ack.threshold} packets (or {@link #ACK_BYTES}); the threshold itself is checked once
	 * per batch. Acknowledging every 64 packets of a batch of 64 B packets was an ACK frame, a
	 * wake-up of this side's writer and one of the sender's reader per 64 packets; per batch it
	 * was one per 227 packets in the 64 B benchmark (7,522 ACKs for 1.7 million packets).
	 */
	static final int BATCH_ACK_FACTOR = 16;

	private final ReentrantLock lock = new ReentrantLock();

	/** The connection whose packets count; {@code null} between connections and during a resumption. */
	private volatile @Nullable DefaultPeerSession counting;

	/** Position of the next packet to arrive (guarded by the lock). */
	private long next = 1;

	/** Last position handled. */
	private volatile long handled;

	/** Last position acknowledged to the peer. */
	private volatile long acknowledged;

	/**
	 * Bytes of handled packets, all connections together (written under the lock, read by the
	 * ACK decision): a plain sum here replaced an atomic add per packet.
	 */
	private volatile long handledBytes;

	/** {@link #handledBytes} when the last acknowledgement was sent. */
	private volatile long acknowledgedBytes;

	/** What the handling of one packet did. */
	enum Outcome {
		/** Handled and counted. */
		HANDLED,
		/** Dropped: handled before (exactly-once). */
		DUPLICATE,
		/** Dropped: its connection no longer counts (the peer sends it again). */
		STALE
	}

	/**
	 * Count a packet around its handling.
	 * @param session the connection it came on
	 * @param dropDuplicates whether a position handled before is dropped (exactly-once)
	 * @param handling hands it to the listeners
	 * @return what happened
	 */
	Outcome receive(DefaultPeerSession session, boolean dropDuplicates, Runnable handling) {
		return receive(session, dropDuplicates, 0, handling);
	}

	/**
	 * Count a packet around its handling, and its bytes towards the next acknowledgement.
	 * @param session the connection it came on
	 * @param dropDuplicates whether a position handled before is dropped (exactly-once)
	 * @param size the packet's size on the wire
	 * @param handling hands it to the listeners
	 * @return what happened
	 */
	Outcome receive(DefaultPeerSession session, boolean dropDuplicates, int size, Runnable handling) {
		this.lock.lock();
		try {
			if (this.counting != session) {
				return Outcome.STALE;
			}
			long position = this.next++;
			if (position <= this.handled && dropDuplicates) {
				return Outcome.DUPLICATE;
			}
			try {
				handling.run();
			}
			finally {
				if (position > this.handled) {
					this.handled = position;
				}
				this.handledBytes += size;
			}
			return Outcome.HANDLED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop counting (a new connection is about to announce its position): waits for the
	 * listener handling a packet now.
	 * @return the last position handled, to announce
	 */
	long stop() {
		this.lock.lock();
		try {
			this.counting = null;
			return this.handled;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Count the packets of a connection, the next one at a position after a base.
	 * @param session the connection
	 * @param base the last position the peer knows this side handled (0 for a fresh session)
	 * @param fresh whether positions start again from 1 (a new session): nothing handled so far counts
	 */
	void start(DefaultPeerSession session, long base, boolean fresh) {
		this.lock.lock();
		try {
			this.next = base + 1;
			// resumed: a position handled after the base was announced is a duplicate when it comes again
			this.handled = fresh ? base : Math.max(this.handled, base);
			this.acknowledged = base;
			this.counting = session;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The connection ended: nothing more of it counts. */
	void ended(DefaultPeerSession session) {
		if (this.counting == session) {
			this.counting = null;
		}
	}

	/**
	 * The position to acknowledge now, if any.
	 * @param threshold handled packets since the last acknowledgement that make it due
	 * (1 for any)
	 * @return the session and position are due, or {@code -1}
	 */
	long due(int threshold) {
		long position = this.handled;
		return (this.counting != null && position - this.acknowledged >= threshold) ? position : -1;
	}

	@Nullable DefaultPeerSession counting() {
		return this.counting;
	}

	/**
	 * Whether an acknowledgement is due before the read batch ends.
	 * @param threshold {@code ack.threshold}
	 * @return {@code true} after {@link #BATCH_ACK_FACTOR} times that many packets or {@link #ACK_BYTES}
	 */
	boolean dueInBatch(int threshold) {
		return this.handledBytes - this.acknowledgedBytes >= ACK_BYTES
				|| this.handled - this.acknowledged >= (long) threshold * BATCH_ACK_FACTOR;
	}

	void acknowledged(long position) {
		this.acknowledgedBytes = this.handledBytes;
		if (position > this.acknowledged) {
			this.acknowledged = position;
		}
	}

}
