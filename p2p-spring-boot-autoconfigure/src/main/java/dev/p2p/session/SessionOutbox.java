package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.transport.Connection;
import dev.p2p.wire.Frame;

/**
 * The send side of one session: a bounded queue of frames written in order, in batches, by one
 * writer at a time (on the sender's thread when the connection is idle); full for longer than
 * the send timeout, a send fails rather than waits forever.
 */
final class SessionOutbox {

	/**
	 * A send that finds the connection idle for this long is written on the sender's thread,
	 * saving a thread hand-off (latency); sends that follow each other faster are queued and
	 * written in batches by the writer (throughput).
	 */
	static final long INLINE_WRITE_AFTER_IDLE_NANOS = 20_000;

	/**
	 * A frame at least this large, sent while no write is in progress, is written by the sender
	 * directly: it fills a write on its own, so handing it to the writer only adds wake-ups.
	 */
	static final long INLINE_WRITE_FROM_BYTES = 32 * 1024;

	private final DefaultPeerSession session;

	private final Connection connection;

	private final SessionTraffic traffic;

	private final SerialQueue<OutboundFrame> queue;

	private final long sendTimeoutNanos;

	/**
	 * Whether a write can block the thread that makes it until the peer reads (a blocking
	 * socket): a sender may then write its own frame only if it may wait as long as the write
	 * watchdog lets a write block ({@code p2p.send.timeout}).
	 */
	private final boolean writesMayBlock;

	private volatile boolean stalled;

	/** The session's queue that took over this one's frames (a displaced session), or {@code null}. */
	private volatile @Nullable SessionOutbox successor;

	SessionOutbox(DefaultPeerSession session, Connection connection, SessionTraffic traffic, QueueLimits limits,
			long sendTimeoutNanos, Executor writerExecutor) {
		this.session = session;
		this.connection = connection;
		this.traffic = traffic;
		this.sendTimeoutNanos = sendTimeoutNanos;
		this.queue = new SerialQueue<>(limits.bytes(), limits.packets(),
				(item) -> item.frame().wireSize() + QueueLimits.OUTBOUND_ITEM_OVERHEAD, writerExecutor, this::write,
				INLINE_WRITE_AFTER_IDLE_NANOS, INLINE_WRITE_FROM_BYTES);
		this.writesMayBlock = !connection.readsOnEventLoop();
		if (!this.writesMayBlock) {
			// a sender writes its own packet only when that cannot wait for the peer: it would
			// otherwise be the one waiting when the peer stops reading, beyond its send timeout
			this.queue.inlineOnlyWhen(connection::canWriteWithoutWaiting);
		}
	}

	/** Weight queued and not yet written: wire bytes plus the per-item overhead. */
	long weight() {
		return this.queue.weight();
	}

	/**
	 * Nanoseconds senders have waited: since they found the queue full, or since the write in
	 * progress started when a sender writes its own packet (the connection was idle).
	 */
	long sendersWaitingNanos(long now) {
		long full = this.queue.fullForNanos(now);
		return this.queue.isConsumingInline() ? Math.max(full, this.connection.writeBlockedNanos(now)) : full;
	}

	/**
	 * The write watchdog is cutting the connection because senders waited longer than the
	 * send timeout: the frames of the blocked write fail with {@link SendQueueFullException}.
	 */
	void stalled() {
		this.stalled = true;
	}

	/**
	 * Queue frames without waiting for room and without writing them on the calling thread.
	 * @return {@code false} if there was no room or the session is closing
	 */
	boolean offerNow(List<Frame> frames) {
		List<OutboundFrame> items = new ArrayList<>(frames.size());
		frames.forEach((frame) -> items.add(new OutboundFrame(frame, null)));
		try {
			return this.queue.offerAllNow(items);
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Queue a frame and its envelope frames at once, waiting up to the send timeout for room.
	 * @throws PeerNotConnectedException if the session is closing
	 * @throws SendQueueFullException if the queue stayed full
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written) {
		enqueue(envelope, frame, written, this.sendTimeoutNanos);
	}

	/**
	 * Queue a frame and its envelope frames at once, waiting up to a timeout of the caller's for
	 * room.
	 * @throws PeerNotConnectedException if the session is closing
	 * @throws SendQueueFullException if the queue stayed full
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written, long timeoutNanos) {
		enqueue(envelope, frame, written, timeoutNanos, true);
	}

	/**
	 * Queue a frame and its envelope frames at once, waiting up to a timeout of the caller's for
	 * room; the caller may write them itself (a connection idle for a while) only if
	 * {@code mayWriteInline}.
	 * @throws PeerNotConnectedException if the session is closing
	 * @throws SendQueueFullException if the queue stayed full
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written, long timeoutNanos,
			boolean mayWriteInline) {
		enqueue(envelope, frame, written, timeoutNanos, mayWriteInline, false);
	}

	/**
	 * Queue a frame and its envelope frames at once, waiting up to a timeout of the caller's for
	 * room; the caller may write them itself (a connection idle for a while) only if
	 * {@code mayWriteInline}, and, where a write can block, only if its timeout is not shorter
	 * than {@code p2p.send.timeout} (the write watchdog's limit): its wait stays within its own
	 * timeout.
	 * @param reportsOwnWrite whether a failure of the caller's own write of a frame without a
	 * future is thrown to it (a plain send, where nothing else would report the loss); not for
	 * a packet that a replay buffer keeps
	 * @throws PeerNotConnectedException if the session is closing, or the caller's own write
	 * failed with the connection
	 * @throws SendQueueFullException if the queue stayed full, or the caller's own write was
	 * blocked until the write watchdog cut the connection
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written, long timeoutNanos,
			boolean mayWriteInline, boolean reportsOwnWrite) {
		boolean inline = mayWriteInline && (!this.writesMayBlock || timeoutNanos >= this.sendTimeoutNanos);
		OutboundFrame item = new OutboundFrame(frame, written);
		boolean queued;
		try {
			if (envelope.isEmpty()) {
				queued = this.queue.offer(item, timeoutNanos, inline);
			}
			else {
				List<OutboundFrame> items = new ArrayList<>(envelope.size() + 1);
				envelope.forEach((control) -> items.add(new OutboundFrame(control, null)));
				items.add(item);
				queued = this.queue.offerAll(items, timeoutNanos, false, inline);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PeerNotConnectedException("Interrupted while queueing a packet for " + this.session.getNodeId());
		}
		catch (IllegalStateException ex) {
			SessionOutbox next = this.successor;
			if (next != null) {
				// displaced while this sender queued or waited for room: its frame follows the others
				next.enqueue(envelope, frame, written, timeoutNanos, mayWriteInline, reportsOwnWrite);
				return;
			}
			throw new PeerNotConnectedException("Peer " + this.session.getNodeId() + " is "
					+ this.session.getState().name().toLowerCase() + ": cannot send");
		}
		if (!queued) {
			throw new SendQueueFullException("Send queue of peer " + this.session.getNodeId() + " stayed full for "
					+ (timeoutNanos / 1_000_000) + " ms (" + ((timeoutNanos == this.sendTimeoutNanos) ? "p2p.send.timeout"
							: "the send's own timeout") + "); the peer reads slower than packets are sent");
		}
		RuntimeException ownWriteFailure = item.ownWriteFailure;
		if (reportsOwnWrite && written == null && ownWriteFailure != null) {
			// written on this thread and lost with the connection: the caller is the only one to tell
			throw ownWriteFailure;
		}
	}

	/**
	 * Refuse every later send if no frame is queued or being written now: the caller then writes
	 * the session's last frame itself, with nothing before it left to wait for.
	 * @return {@code true} if the queue was idle and now refuses sends
	 */
	boolean sealIfIdle() {
		return this.queue.sealIfIdle();
	}

	/** Queue the session's last frame; every later send is refused. */
	boolean enqueueLast(Frame frame, CompletableFuture<Void> written) {
		return this.queue.offerLast(new OutboundFrame(frame, written));
	}

	/**
	 * Hand the frames queued and not yet written over to another session's queue, after
	 * anything queued there; senders still waiting here follow them. The batch being written
	 * now, if any, stays with this connection.
	 * @param next the queue that takes over
	 * @return number of frames moved, or {@code -n} if {@code n} frames could not be moved (the
	 * other queue was full or closed: they failed)
	 */
	int handOverTo(SessionOutbox next) {
		this.successor = next;
		List<OutboundFrame> left = this.queue.close();
		if (left.isEmpty()) {
			return 0;
		}
		boolean moved;
		try {
			moved = next.queue.offerAllNow(left);
		}
		catch (IllegalStateException ex) {
			moved = false;
		}
		if (!moved) {
			PeerNotConnectedException failure = new PeerNotConnectedException("Peer " + this.session.getNodeId()
					+ ": the connection that replaced this one had no room for the packets queued here");
			left.forEach((item) -> item.fail(failure));
			return -left.size();
		}
		return left.size();
	}

	/**
	 * After {@link #handOverTo}: write a last frame once the batch being written is done.
	 * @param last the frame
	 * @param written completed once written, failed if the write failed or the batch did not
	 * finish in time
	 * @param timeoutNanos longest wait for the batch
	 * @param executor runs the wait and the write
	 */
	void writeLastAfterBatch(Frame last, CompletableFuture<Void> written, long timeoutNanos, Executor executor) {
		executor.execute(() -> {
			try {
				if (!this.queue.awaitIdle(timeoutNanos)) {
					written.completeExceptionally(new PeerNotConnectedException("Peer " + this.session.getNodeId()
							+ ": the write in progress did not finish in time"));
					return;
				}
				this.connection.write(List.of(last));
				written.complete(null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				written.completeExceptionally(ex);
			}
			catch (RuntimeException ex) {
				written.completeExceptionally(ex);
			}
		});
	}

	boolean awaitSent(long timeoutNanos) throws InterruptedException {
		return this.queue.awaitIdle(timeoutNanos);
	}

	/**
	 * Refuse further sends; fail the futures of frames that were never written.
	 * @return number of frames dropped
	 */
	int discard() {
		List<OutboundFrame> left = this.queue.close();
		PeerNotConnectedException failure = new PeerNotConnectedException(
				"Peer " + this.session.getNodeId() + " disconnected before the packet was written");
		left.forEach((item) -> item.fail(failure));
		return left.size();
	}

	private void write(List<OutboundFrame> batch) {
		List<Frame> frames = new ArrayList<>(batch.size());
		long bytes = 0;
		for (OutboundFrame item : batch) {
			frames.add(item.frame());
			bytes += item.frame().wireSize();
		}
		try {
			this.connection.write(frames);
		}
		catch (RuntimeException ex) {
			// the sender sees the library's exception; the transport's failure is its cause
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			RuntimeException failure = this.stalled
					? new SendQueueFullException("Peer " + this.session.getNodeId() + " took nothing for longer than "
							+ (this.sendTimeoutNanos / 1_000_000) + " ms (p2p.send.timeout); the connection was closed", cause)
					: new PeerNotConnectedException("Writing to peer " + this.session.getNodeId() + " failed: "
							+ ex.getMessage(), cause);
			boolean ownWrite = this.queue.isConsumingInline();
			for (OutboundFrame item : batch) {
				item.fail(failure);
				if (ownWrite) {
					// read back by the sender on this very thread once its offer returns
					item.ownWriteFailure = failure;
				}
			}
			return;
		}
		batch.forEach(OutboundFrame::written);
		this.traffic.written(frames, bytes);
	}

	/**
	 * A queued frame and who wants to know when it is written.
	 */
	private static final class OutboundFrame {

		private final Frame frame;

		private final @Nullable CompletableFuture<Void> done;

		/** Why the write failed, when the sender wrote it on its own thread. */
		@Nullable RuntimeException ownWriteFailure;

		OutboundFrame(Frame frame, @Nullable CompletableFuture<Void> done) {
			this.frame = frame;
			this.done = done;
		}

		Frame frame() {
			return this.frame;
		}

		void written() {
			if (this.done != null) {
				this.done.complete(null);
			}
		}

		void fail(Throwable ex) {
			if (this.done != null) {
				this.done.completeExceptionally(ex);
			}
		}

	}

}
