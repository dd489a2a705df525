package dev.p2p.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.p2p.delivery.DeliveryFrames.Resume;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.session.DefaultPeerSession;
import dev.p2p.wire.Frame;

/**
 * One peer's session with acknowledged delivery, across its connections: the positions of
 * what this node sends, the replay buffer of what the peer has not acknowledged, the RESUME
 * exchange at the start of each connection, and the suspension between connections.
 * <p>
 * Sending is serialized by a lock so that positions follow the order of writes; a resumption
 * holds the same lock while it resends, so nothing new overtakes what is resent.
 */
final class PeerDelivery {

	final String nodeId;

	private final DeliveryEngine engine;

	final ReplayBuffer buffer;

	final InboundPositions inbound = new InboundPositions();

	private final ReentrantLock sending = new ReentrantLock();

	/** The peer's established connection, live or resuming ({@code null} while suspended). */
	private volatile @Nullable DefaultPeerSession current;

	/** The connection packets are written to, once it resumed. */
	private volatile @Nullable DefaultPeerSession live;

	/** The last connection {@link #activated} ran for: it runs once per connection. */
	private volatile @Nullable DefaultPeerSession activatedBy;

	/** The RESUME exchange of the current connection, under this object's monitor. */
	private final ResumeExchange exchange = new ResumeExchange();

	/** Position the next packet gets. */
	private volatile long nextPosition = 1;

	/** When the last connection ended, {@code -1} while connected. */
	volatile long suspendedSince = -1;

	volatile boolean expired;

	PeerDelivery(String nodeId, DeliveryEngine engine, DeliverySettings settings) {
		this.nodeId = nodeId;
		this.engine = engine;
		this.buffer = new ReplayBuffer(settings.maxBytes(), settings.maxPackets());
	}

	// ---- connections

	void activated(DefaultPeerSession session) {
		synchronized (this) {
			if (this.activatedBy == session) {
				// activated already by an early packet or RESUME on this connection
				return;
			}
			this.activatedBy = session;
			this.current = session;
			this.live = null;
			this.exchange.restart();
			this.suspendedSince = -1;
		}
		this.engine.execute(() -> announce(session));
	}

	/**
	 * Send this side's RESUME once no listener handles a packet of the old connection any more.
	 * If the peer's RESUME is here already, the decision (and the start of counting) comes
	 * before this RESUME is queued: the peer sends packets only once it has it, and they must
	 * count. Resending starts only after it was queued.
	 */
	private void announce(DefaultPeerSession session) {
		long received = this.inbound.stop();
		Runnable next;
		synchronized (this) {
			if (this.current != session) {
				return;
			}
			Resume resume = this.exchange.announce(received);
			next = decideLocked(session);
			if (!this.engine.sender().sendNow(session, DeliveryFrames.resume(resume))) {
				next = () -> this.engine.sender().closeForProtocolError(session, "no room to queue RESUME");
			}
		}
		next.run();
	}

	/**
	 * The peer's RESUME arrived (reader thread): decided here, before the reader goes on to the
	 * packets the peer sent after it.
	 * @return {@code false} if the session was closed
	 */
	boolean peerResumed(DefaultPeerSession session, Resume resume) {
		Runnable next;
		synchronized (this) {
			if (this.current != session) {
				return true;
			}
			next = this.exchange.peerResumed(resume) ? decideLocked(session) : null;
		}
		if (next == null) {
			this.engine.sender().closeForProtocolError(session, "a second RESUME on one connection");
			return false;
		}
		next.run();
		return true;
	}

	/**
	 * Once both RESUMEs are known, decide (see {@link ResumeExchange#decide}); when the peer's is
	 * accepted, count what it sends from now on and move the streams here. Called holding this
	 * object's monitor.
	 * @return what to do next, outside the monitor (resend, refuse, or nothing)
	 */
	private Runnable decideLocked(DefaultPeerSession session) {
		ResumeExchange.Decision decision = (this.current == session) ? this.exchange.decide(this.nextPosition) : null;
		if (decision == null) {
			return () -> {
			};
		}
		String refusal = decision.refusal();
		if (refusal != null) {
			return () -> this.engine.refused(session, refusal);
		}
		boolean resumed = decision.resumed();
		this.inbound.start(session, decision.received(), !resumed);
		// streams move to this connection now: the peer's stream frames after its RESUME must find them
		Runnable streams = this.engine.sender().streamResumption().decided(session, resumed);
		return () -> {
			streams.run();
			this.engine.execute(
					() -> replay(session, resumed, decision.peerReceived(), decision.first(), decision.detail()));
		};
	}

	/** Send again what the peer lacks, in order, before anything new; then the connection is live. */
	private void replay(DefaultPeerSession session, boolean resumed, long peerReceived, boolean first, String detail) {
		List<Outgoing> lost = new ArrayList<>();
		int resent = 0;
		this.sending.lock();
		try {
			if (this.current != session) {
				return;
			}
			if (resumed) {
				DeliveryOutcomes.acknowledged(this.buffer.release(peerReceived));
			}
			long position = peerReceived + 1;
			List<Outgoing> again = new ArrayList<>();
			for (Outgoing entry : this.buffer.entries()) {
				if (!entry.mode.isReliable() && entry.written) {
					lost.add(entry);
					this.buffer.remove(entry);
				}
				else {
					entry.position = position++;
					again.add(entry);
				}
			}
			this.nextPosition = position;
			for (Outgoing entry : again) {
				resent += entry.written ? 1 : 0;
				if (!write(session, null, entry)) {
					return;
				}
			}
			this.live = session;
		}
		finally {
			this.sending.unlock();
			this.engine.outcomes().replayed(this.nodeId, session, resumed, first, resent, lost, detail);
		}
	}

	/** The connection ended: the session is suspended until it resumes or expires. */
	void ended(DefaultPeerSession session) {
		synchronized (this) {
			if (this.current != session) {
				return;
			}
			this.current = null;
			this.live = null;
			this.exchange.ended();
			this.suspendedSince = System.nanoTime();
		}
		this.inbound.ended(session);
	}

	// ---- sending

	/**
	 * Send a packet: written at once on the live connection, or kept until the session resumes.
	 * @param session the connection the sender looked up, {@code null} when it found none
	 * @param mayWriteInline whether the caller may write it itself on an idle connection
	 * @return {@code false} if the packet cannot be taken (expired, or at-most-once while suspended)
	 */
	boolean send(@Nullable DefaultPeerSession session, @Nullable Frame trace, Frame frame, Enum<?> type,
			DeliveryMode mode, @Nullable CompletableFuture<Void> done, long timeoutNanos, boolean mayWriteInline) {
		// the usual case takes the send lock and the buffer's lock once each: room is reserved and
		// the packet appended in one step (reserving first, then appending, took the buffer's lock twice)
		if (!this.sending.tryLock() && !lock(timeoutNanos)) {
			throw new SendQueueFullException("Sending to '" + this.nodeId + "' is held up by a resumption");
		}
		boolean locked = true;
		try {
			if (this.expired) {
				return false;
			}
			DefaultPeerSession target = this.live;
			if (target == null && !mode.isReliable() && this.current == null) {
				return false;
			}
			Outgoing entry = new Outgoing(this.nextPosition, frame, type, mode, done);
			if (!this.buffer.tryAppend(entry)) {
				if (!mode.isReliable()) {
					// at-most-once without room in the buffer: sent, but its loss would go unreported
					if (target == null) {
						throw new SendQueueFullException("Replay buffer for '" + this.nodeId + "' is full");
					}
					this.engine.sender().write(target, trace, frame, done, timeoutNanos, mayWriteInline);
					this.nextPosition++;
					return true;
				}
				this.sending.unlock();
				locked = false;
				long started = System.nanoTime();
				long size = entry.size();
				boolean reserved = this.buffer.reserve(size, timeoutNanos);
				if (this.expired) {
					if (reserved) {
						this.buffer.cancel(size);
					}
					return false;
				}
				if (!reserved) {
					throw full(timeoutNanos);
				}
				if (!lock(timeoutNanos - (System.nanoTime() - started))) {
					this.buffer.cancel(size);
					throw new SendQueueFullException("Sending to '" + this.nodeId + "' is held up by a resumption");
				}
				locked = true;
				if (this.expired) {
					return false;
				}
				target = this.live;
				entry.position = this.nextPosition;
				this.buffer.append(entry);
			}
			this.nextPosition++;
			if (target != null) {
				writeNew(target, trace, entry, timeoutNanos, mayWriteInline);
			}
			return true;
		}
		finally {
			if (locked) {
				this.sending.unlock();
			}
		}
	}

	private SendQueueFullException full(long timeoutNanos) {
		return new SendQueueFullException("Replay buffer for '" + this.nodeId + "' is full ("
				+ this.buffer.packets() + " packets, " + this.buffer.bytes()
				+ " bytes unacknowledged, p2p.delivery.buffer.*): no acknowledgement made room within "
				+ TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
	}

	private void writeNew(DefaultPeerSession target, @Nullable Frame trace, Outgoing entry, long timeoutNanos,
			boolean mayWriteInline) {
		entry.written = true;
		try {
			this.engine.sender().write(target, trace, entry.frame, entry.mode.isReliable() ? null : entry.acknowledged,
					timeoutNanos, mayWriteInline);
		}
		catch (SendQueueFullException ex) {
			// nothing was written: the position is given back
			this.buffer.remove(entry);
			this.nextPosition--;
			throw ex;
		}
		catch (PeerNotConnectedException ex) {
			// the connection just ended: the packet goes out when the session resumes
			entry.written = false;
		}
	}

	/** Write a kept packet during a resumption; a failure ends the connection (positions would skip). */
	private boolean write(DefaultPeerSession session, @Nullable Frame trace, Outgoing entry) {
		entry.written = true;
		try {
			this.engine.sender().write(session, trace, entry.frame, entry.mode.isReliable() ? null : entry.acknowledged,
					this.engine.settings().sendTimeout().toNanos());
			return true;
		}
		catch (RuntimeException ex) {
			this.engine.sender().closeForProtocolError(session, "resending to '" + this.nodeId + "' failed: "
					+ ex.getMessage());
			return false;
		}
	}

	private boolean lock(long timeoutNanos) {
		try {
			return this.sending.tryLock(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The peer acknowledged up to a position (reader thread).
	 * @return {@code false} if the session was closed for it
	 */
	boolean peerAcknowledged(DefaultPeerSession session, long position) {
		synchronized (this) {
			if (this.current != session || !this.exchange.isDecided()) {
				return true;
			}
		}
		if (position >= this.nextPosition) {
			this.engine.sender().closeForProtocolError(session, "ACK of position " + position + ", but only "
					+ (this.nextPosition - 1) + " were sent");
			return false;
		}
		DeliveryOutcomes.acknowledged(this.buffer.release(position));
		return true;
	}

	/** Acknowledge what the listeners handled, when due. */
	void acknowledge(int threshold) {
		DefaultPeerSession session = this.inbound.counting();
		long position = this.inbound.due(threshold);
		if (session != null && position > 0 && this.engine.sender().sendNow(session, DeliveryFrames.ack(position))) {
			this.inbound.acknowledged(position);
		}
	}

	boolean isSuspended() {
		return this.current == null;
	}

	boolean isCurrent(DefaultPeerSession session) {
		return this.current == session;
	}

	/**
	 * Whether this connection was activated already (it may have ended since).
	 * @param session the connection
	 * @return {@code true} once {@link #activated} ran for it
	 */
	boolean wasActivated(DefaultPeerSession session) {
		return this.activatedBy == session;
	}

}
