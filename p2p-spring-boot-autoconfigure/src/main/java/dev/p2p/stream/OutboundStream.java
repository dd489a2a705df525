package dev.p2p.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.peer.StreamResult;
import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

/**
 * A stream this node sends. A pump reads the source and queues chunks on the session's
 * ordinary send queue, never more than the receiver's credit and never more than
 * {@value #MAX_QUEUED_CHUNKS} unwritten at once: other packets queued meanwhile go out between
 * chunks, and at most one window of this stream waits in memory. The pump runs on the stream
 * executor only while it has credit, room and data; credit (from the reader thread), a written
 * chunk (writer thread) and a publisher's items wake it up, so a waiting stream holds no thread.
 */
final class OutboundStream {

	private static final Log logger = LogFactory.getLog(OutboundStream.class);

	/**
	 * Chunks of one stream that may wait in the session's send queue at once: enough to keep the
	 * writer busy, few enough that a packet queued behind them waits for a few chunks at most.
	 */
	static final int MAX_QUEUED_CHUNKS = 4;

	final int id;

	final Enum<?> type;

	/** How long the stream may make no progress before it fails. */
	final Duration idleTimeout;

	/** Whether the stream survives a lost connection of a session that can resume (docs/PROTOCOL.md §16.6). */
	final boolean resumable;

	/** The connection the stream is on: another one after a resumption. */
	private final OutboundLink link;

	/** Credit, and the chunks the receiver may lack after a lost connection. */
	private final ResendWindow resend;

	/** The source, read and hashed a chunk at a time. */
	private final OutboundSource data;

	private final Executor executor;

	private final CompletableFuture<StreamResult> result = new CompletableFuture<>();

	private final AtomicInteger work = new AtomicInteger();

	/** Chunks queued on the session and not yet written. */
	private final AtomicInteger queuedChunks = new AtomicInteger();

	private final AtomicBoolean finished = new AtomicBoolean();

	private final long startedNanos = System.nanoTime();

	private volatile long lastProgressNanos = this.startedNanos;

	/** Data bytes queued so far. */
	private volatile long sentTotal;

	/** Data bytes queued so far (pump thread only: one pump at a time). */
	private long sent;

	/** Set by the pump before it queues STREAM_END; read by the reader when STREAM_DONE comes. */
	private volatile boolean ended;

	OutboundStream(int id, Enum<?> type, StreamHost node, StreamSession session, SessionStreams streams,
			StreamContent content, int chunkSize, Executor executor, Duration idleTimeout) {
		this.id = id;
		this.resumable = node.resumable(session, type);
		this.resend = new ResendWindow(this.resumable);
		this.type = type;
		this.link = new OutboundLink(node, session, streams, this.resend);
		this.data = new OutboundSource(content, chunkSize);
		this.executor = executor;
		this.idleTimeout = idleTimeout;
	}

	CompletableFuture<StreamResult> result() {
		return this.result;
	}

	/** Bytes sent and not yet credited back, at most the receiver's window; for tests and probes. */
	long unacknowledged() {
		return this.resend.unread(this.sentTotal);
	}

	long lastProgressNanos() {
		return this.lastProgressNanos;
	}

	/** The receiver granted more credit (reader thread). */
	void credited(int bytes) {
		this.lastProgressNanos = System.nanoTime();
		this.resend.credited(bytes);
		wakeUp();
	}

	/**
	 * Whether STREAM_END was queued: a STREAM_DONE before it cannot be genuine.
	 * @return {@code true} once the source was read to its end
	 */
	boolean isEndQueued() {
		return this.ended;
	}

	/** The receiver confirmed length and SHA-256 (reader thread). */
	void done() {
		if (this.finished.compareAndSet(false, true)) {
			long nanos = System.nanoTime() - this.startedNanos;
			this.link.streams().removeOutbound(this);
			this.link.node().metrics().streamEnded(this.type, true, StreamOutcome.SUCCESS, this.sentTotal, nanos);
			this.result.complete(new StreamResult(this.id, this.sentTotal,
					HexFormat.of().formatHex(this.data.finalDigest()), Duration.ofNanos(nanos)));
			// the pump closes the source
			wakeUp();
		}
	}

	/**
	 * End the stream without success.
	 * @param outcome how it ended
	 * @param reason what happened, for the exception and the event
	 * @param tellPeer the reason code to send in a STREAM_CANCEL, or 0 to send none
	 * @param cause the underlying failure, may be {@code null}
	 * @return {@code false} if it had ended already
	 */
	boolean fail(StreamOutcome outcome, String reason, int tellPeer, @Nullable Throwable cause) {
		if (!this.finished.compareAndSet(false, true)) {
			return false;
		}
		StreamSession session = this.link.session();
		if (tellPeer != 0) {
			// never waits: this may run on a reader or timer thread
			if (!session.offerNow(List.of(StreamFrames.cancel(this.id, true, tellPeer, reason)))) {
				logger.debug("STREAM_CANCEL to '" + session.getNodeId() + "' not sent: no room or closing");
			}
		}
		this.link.streams().removeOutbound(this);
		String message = "Stream " + this.id + " of " + this.type.name() + " to '" + session.getNodeId() + "' "
				+ outcome.tag() + ": " + reason;
		this.link.node().streamFailed(session, this.type, this.id, true, outcome, reason, this.sentTotal,
				System.nanoTime() - this.startedNanos);
		this.result.completeExceptionally(new StreamFailedException(outcome, message, cause));
		// wake the pump: the source belongs to it, and it closes it
		wakeUp();
		return true;
	}

	/** Run the pump unless it runs already; then it runs once more. */
	void wakeUp() {
		if (this.work.getAndIncrement() == 0) {
			try {
				this.executor.execute(this::pump);
			}
			catch (RejectedExecutionException ex) {
				// the node is stopping: nobody will pump any more
				this.work.set(0);
				fail(StreamOutcome.BROKEN, "node is stopping", 0, ex);
				this.work.set(0);
				this.data.close(this.id);
			}
		}
	}

	private void pump() {
		int missed = 1;
		do {
			try {
				pumpOnce();
			}
			catch (IOException ex) {
				fail(StreamOutcome.CANCELLED, "reading the data failed: " + ex, StreamFrames.CANCELLED, ex);
			}
			catch (PeerNotConnectedException ex) {
				if (this.resumable) {
					// the connection is lost: what it did not carry is sent again if the session resumes
					this.link.lost();
				}
				else {
					// the same words as when the close handler breaks the stream first: which one wins is a race
					fail(StreamOutcome.BROKEN, "stream broken: peer '" + this.link.session().getNodeId()
							+ "' disconnected (sending failed: " + ex.getMessage() + ")", StreamFrames.CANCELLED, ex);
				}
			}
			catch (RuntimeException ex) {
				StreamOutcome outcome = (ex instanceof SendQueueFullException) ? StreamOutcome.BROKEN
						: StreamOutcome.CANCELLED;
				fail(outcome, "sending failed: " + ex.getMessage(), StreamFrames.CANCELLED, ex);
			}
			if (this.finished.get()) {
				this.data.close(this.id);
			}
			missed = this.work.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void pumpOnce() throws IOException {
		ResendWindow.Resumed resume = this.resend.takeResumed();
		if (resume != null && !this.finished.get()) {
			sendAgain(resume);
		}
		if (this.link.isPaused() || this.finished.get() || this.ended || credit() <= 0) {
			return;
		}
		StreamSource open = this.data.current();
		while (open != null && !this.finished.get() && !this.link.isPaused()) {
			long available = credit();
			if (available <= 0 || this.queuedChunks.get() >= MAX_QUEUED_CHUNKS) {
				// credit or a written chunk wakes the pump up again
				return;
			}
			int n = this.data.read(open, available);
			if (n == 0) {
				return;
			}
			if (n < 0) {
				this.ended = true;
				this.link.send(StreamFrames.end(this.id, this.sent, this.data.finalDigest()), null);
				this.lastProgressNanos = System.nanoTime();
				return;
			}
			this.sent += n;
			this.sentTotal = this.sent;
			this.queuedChunks.incrementAndGet();
			Frame frame = this.data.chunk(this.id, n);
			this.resend.add(frame);
			this.link.send(frame, chunkWritten());
			this.lastProgressNanos = System.nanoTime();
		}
	}

	private CompletableFuture<Void> chunkWritten() {
		CompletableFuture<Void> written = new CompletableFuture<>();
		int current = this.link.generation();
		written.whenComplete((ignored, failure) -> {
			if (current == this.link.generation() && this.queuedChunks.getAndDecrement() == MAX_QUEUED_CHUNKS) {
				wakeUp();
			}
		});
		return written;
	}

	/**
	 * Open the source (a publisher is subscribed to here, so that nothing it emits from now on
	 * is missed) and send STREAM_OPEN.
	 * @throws IOException if the source cannot be opened
	 */
	void start() throws IOException {
		this.data.open(this::wakeUp);
		if (this.finished.get()) {
			// the connection ended while the source opened: nobody else will close it
			this.data.close(this.id);
			return;
		}
		sendOpen();
	}

	private void sendOpen() {
		this.link.send(StreamFrames.open(this.id, this.link.node().packetTypes().codeOf(this.type),
				this.data.content().getSize(), this.data.content().getName()), null);
	}

	// ---- resumption (docs/PROTOCOL.md §16.6)

	/**
	 * The connection is lost but the session may resume, or another connection of the session
	 * took the stream over: the pump waits for the receiver's STREAM_RESUME.
	 * @param owner the streams of that connection, {@code null} while none has
	 */
	void pause(@Nullable SessionStreams owner) {
		this.link.hold(owner);
		this.lastProgressNanos = System.nanoTime();
	}

	/**
	 * Whether the stream was held across a lost connection and not resumed yet.
	 * @return {@code true} while the peer's STREAM_RESUME concerns it
	 */
	boolean isCarried() {
		return this.link.isCarried();
	}

	/**
	 * The receiver said what it holds of the stream after the session resumed (reader thread):
	 * the pump sends again the chunks it lacks, then STREAM_END if it lacks that, then the rest.
	 * @param resume what it holds
	 * @param grantedTotal credit it granted in total
	 * @return a protocol violation, or {@code null}
	 */
	@Nullable String resumeFrom(ResendWindow.Resumed resume, long grantedTotal) {
		String violation = this.link.resumeFrom(this.id, this.sentTotal, resume, grantedTotal);
		if (violation == null) {
			wakeUp();
		}
		return violation;
	}

	/**
	 * The receiver never saw the STREAM_OPEN (lost with the connection): the pump sends it again.
	 * @param resume where to
	 * @return {@code false} if it cannot be (the receiver granted credit, so it knew the stream)
	 */
	boolean reopen(ResendWindow.Resumed resume) {
		boolean reopened = this.link.reopen(this.sentTotal, resume);
		if (reopened) {
			wakeUp();
		}
		return reopened;
	}

	/** Pump thread: move to the new connection, send again what the receiver lacks, in order. */
	private void sendAgain(ResendWindow.Resumed resume) {
		this.link.moveTo(resume);
		this.queuedChunks.set(0);
		this.lastProgressNanos = System.nanoTime();
		this.link.unpause();
		if (resume.reopen()) {
			sendOpen();
			return;
		}
		List<Frame> chunks = this.resend.from(resume.received());
		if (chunks == null) {
			fail(StreamOutcome.BROKEN, "the receiver lacks data from byte " + resume.received()
					+ " on, which is no longer kept to send again", StreamFrames.CANCELLED, null);
			return;
		}
		long again = this.link.sendAgain(chunks);
		logger.info("Stream " + this.id + " of " + this.type.name() + " to '" + this.link.session().getNodeId()
				+ "' goes on after the session resumed: " + again + " bytes from byte " + resume.received()
				+ " sent again (" + this.sent + " sent so far)");
		if (this.ended && !resume.endArrived()) {
			this.link.send(StreamFrames.end(this.id, this.sent, this.data.finalDigest()), null);
		}
	}

	private long credit() {
		return this.resend.credit(this.sent);
	}

	@Override
	public String toString() {
		return "OutboundStream[" + this.id + ", " + this.type.name() + ", " + this.sentTotal + " bytes sent]";
	}

}
