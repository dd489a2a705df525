package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;

import org.jspecify.annotations.Nullable;

import dev.p2p.transport.Connection;
import dev.p2p.wire.Frame;

/**
 * A session's inbound side: the queue of received application frames that the listener
 * executor drains in order. A reader blocks while the queue is full, which stops reading from
 * the peer (TCP back-pressure); a reader on an event loop never blocks: it pauses reading from
 * that connection instead, until the listeners have made room; frames of inline types are handled on the reader's thread when
 * nothing else waits.
 */
final class SessionInbox {

	/** How long a reader waits for room in the inbound queue before it looks again (closed?). */
	private static final long RECEIVE_WAIT_SLICE_NANOS = 100_000_000;

	private final DefaultPeerSession session;

	private final SerialQueue<Frame> queue;

	/** Whether frames of a type may be handled on the reader thread (see PacketHandler). */
	private final IntPredicate handledInline;

	private final SessionTraffic traffic;

	/** The reader of an event-loop connection, paused while the queue is full; made once, not per read. */
	private final PausingProducer reader;

	/** Frames of an event-loop connection held until the predecessor's were handled (guarded by this). */
	private @Nullable List<Frame> held;

	/** The peer's goodbye came while frames were held (guarded by this). */
	private boolean sealWhenReleased;

	SessionInbox(DefaultPeerSession session, QueueLimits limits, Executor listenerExecutor,
			BiConsumer<DefaultPeerSession, List<Frame>> deliver, IntPredicate handledInline, SessionTraffic traffic) {
		this.session = session;
		this.handledInline = handledInline;
		this.traffic = traffic;
		Connection connection = session.connection();
		this.reader = new PausingProducer(connection::pauseReading, connection::resumeReading);
		this.queue = new SerialQueue<>(limits.bytes(), limits.packets(),
				(frame) -> frame.wireSize() + QueueLimits.INBOUND_ITEM_OVERHEAD, listenerExecutor,
				(frames) -> deliver.accept(session, frames), 0, Long.MAX_VALUE);
	}

	/**
	 * Hand received application frames to the listener executor, or handle them on this (the
	 * reader's) thread when they are all of inline types and nothing else is queued; blocks the
	 * reader while the inbound queue is full, which stops reading from this peer (TCP
	 * back-pressure).
	 * @param frames the frames, in arrival order
	 */
	void received(List<Frame> frames) {
		if (frames.isEmpty()) {
			return;
		}
		Connection connection = this.session.connection();
		boolean eventLoop = connection.readsOnEventLoop();
		DefaultPeerSession before = this.session.predecessor;
		if (eventLoop && (before != null || this.held != null) && holdForPredecessor(frames, connection)) {
			return;
		}
		if (before != null && !eventLoop) {
			// a path switch: nothing from the new path is handled before the old path's last frame
			// was (TCP back-pressure holds the peer meanwhile)
			PathSwitch.awaitPredecessor(this.session, before);
			this.session.predecessor = null;
		}
		this.traffic.received(frames);
		boolean inline = true;
		for (int i = 0, n = frames.size(); inline && i < n; i++) {
			inline = this.handledInline.test(frames.get(i).type());
		}
		if (eventLoop) {
			offerOrPause(frames, inline);
			return;
		}
		try {
			// wait in slices: offerAll throws once the queue is closed, so the wait never outlives the session
			while (!this.queue.offerAll(frames, RECEIVE_WAIT_SLICE_NANOS, inline)) {
				// wait for room
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IllegalStateException ex) {
			// closed while waiting
		}
	}

	/**
	 * An event loop must never wait: the frames are taken beyond the limit, and reading from this
	 * peer pauses until the listeners have made room.
	 */
	private void offerOrPause(List<Frame> frames, boolean inline) {
		try {
			this.queue.offerAllOrPause(frames, inline, this.reader);
		}
		catch (IllegalStateException ex) {
			// closed
		}
	}

	/**
	 * On an event loop, the wait for the session this one replaced (its last frames handled
	 * first) must not hold the loop: the frames are held and reading pauses, a thread of its own
	 * waits (this happens once per hand-over or path switch), then hands them on and resumes.
	 * @return {@code false} if there is nothing to wait for (any more)
	 */
	private boolean holdForPredecessor(List<Frame> frames, Connection connection) {
		DefaultPeerSession before;
		synchronized (this) {
			if (this.held != null) {
				this.traffic.received(frames);
				this.held.addAll(frames);
				return true;
			}
			before = this.session.predecessor;
			if (before == null) {
				return false;
			}
			this.traffic.received(frames);
			this.held = new ArrayList<>(frames);
		}
		connection.pauseReading();
		Thread waiter = new Thread(() -> {
			PathSwitch.awaitPredecessor(this.session, before);
			synchronized (this) {
				offerOrPause(this.held, false);
				this.held = null;
				this.session.predecessor = null;
				if (this.sealWhenReleased) {
					this.queue.seal();
				}
				// a successor waiting for this session's frames to be handled counts the held ones
				notifyAll();
			}
			connection.resumeReading();
		}, "p2p-predecessor-" + this.session.getNodeId());
		waiter.setDaemon(true);
		waiter.start();
		return true;
	}

	/**
	 * Whether received frames wait for the listeners.
	 * @return {@code true} while the inbound queue holds frames
	 */
	boolean hasUndelivered() {
		return this.queue.weight() > 0 || isHolding();
	}

	private synchronized boolean isHolding() {
		return this.held != null;
	}

	/**
	 * Refuse further received frames, drop those still waiting for the listeners, wake a reader
	 * waiting for room and interrupt the listener handling this session's frames now.
	 * @return number of received frames dropped
	 */
	int discard() {
		int dropped = this.queue.closeAndInterrupt().size();
		synchronized (this) {
			if (this.held != null) {
				// the waiter's hand-on finds the queue closed: they are dropped, and counted here
				dropped += this.held.size();
				this.held.clear();
			}
		}
		return dropped;
	}

	/**
	 * After the peer's goodbye: refuse further received frames and wake a reader waiting for
	 * room, but let the listeners handle what was received before the goodbye.
	 */
	void finish() {
		synchronized (this) {
			if (this.held != null) {
				// frames received before the goodbye still wait for the predecessor: seal after them
				this.sealWhenReleased = true;
				return;
			}
		}
		this.queue.seal();
	}

	/**
	 * Wait until every received frame was handled.
	 * @param timeoutNanos longest wait
	 * @return {@code true} if nothing waits for or is being handled by a listener
	 * @throws InterruptedException if interrupted
	 */
	boolean allHandled(long timeoutNanos) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutNanos;
		synchronized (this) {
			// frames held for this session's own predecessor are received and not yet handled: a
			// successor that went on before they were would overtake them (and a teardown that
			// went on would drop them)
			while (this.held != null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
		}
		return this.queue.awaitIdle(Math.max(0, deadline - System.nanoTime()));
	}

	/**
	 * Whether every received frame was handled, without waiting.
	 * @return {@code true} if nothing waits for or is being handled by a listener
	 */
	boolean allHandled() {
		if (isHolding()) {
			return false;
		}
		try {
			return this.queue.awaitIdle(0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether received frames are no longer delivered (the session ended).
	 * @return {@code true} once the inbound queue is closed
	 */
	boolean isClosed() {
		return this.queue.isClosed();
	}

}
