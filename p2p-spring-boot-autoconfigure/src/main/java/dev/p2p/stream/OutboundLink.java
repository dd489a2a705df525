package dev.p2p.stream;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

/**
 * The connection an {@link OutboundStream} sends on, and its move to another one when the
 * session resumes (docs/PROTOCOL.md §16.6): while the connection is lost the stream is paused,
 * until the receiver's STREAM_RESUME moves it to the connection that resumed. A generation,
 * counted up on each move, tells a chunk written (or dropped) on a lost connection from those
 * of the next.
 */
final class OutboundLink {

	private volatile StreamHost node;

	private volatile StreamSession session;

	/** The streams of the session the stream is registered with. */
	private volatile SessionStreams streams;

	/** Set while the connection is lost: the pump waits for the receiver's STREAM_RESUME. */
	private volatile boolean paused;

	/** Held across a lost connection and not resumed yet: the peer's STREAM_RESUME concerns it. */
	private volatile boolean carried;

	private final AtomicInteger generation = new AtomicInteger();

	/** The stream's credit and kept chunks, which a STREAM_RESUME resets. */
	private final ResendWindow resend;

	OutboundLink(StreamHost node, StreamSession session, SessionStreams streams, ResendWindow resend) {
		this.node = node;
		this.session = session;
		this.streams = streams;
		this.resend = resend;
	}

	StreamHost node() {
		return this.node;
	}

	StreamSession session() {
		return this.session;
	}

	SessionStreams streams() {
		return this.streams;
	}

	/**
	 * Queue a frame on the current connection.
	 * @param frame the frame
	 * @param written completed once written, or {@code null}
	 */
	void send(Frame frame, @Nullable CompletableFuture<Void> written) {
		this.node.send(this.session, frame, written);
	}

	/**
	 * Queue kept chunks again on the current connection, in order.
	 * @param chunks the chunks
	 * @return the data bytes they carry
	 */
	long sendAgain(List<Frame> chunks) {
		long bytes = 0;
		for (Frame chunk : chunks) {
			send(chunk, null);
			bytes += StreamFrames.chunkLength(chunk.payload());
		}
		return bytes;
	}

	boolean isPaused() {
		return this.paused;
	}

	/** A send found the connection gone: the pump waits for a resumption. */
	void lost() {
		this.paused = true;
	}

	/**
	 * The connection is lost but the session may resume, or another connection took the stream
	 * over: the stream is held for the receiver's STREAM_RESUME.
	 * @param owner the streams of that connection, {@code null} while none has
	 */
	void hold(@Nullable SessionStreams owner) {
		this.carried = true;
		this.paused = true;
		if (owner != null) {
			this.streams = owner;
		}
	}

	/**
	 * Whether the stream was held across a lost connection and not resumed yet.
	 * @return {@code true} while the peer's STREAM_RESUME concerns it
	 */
	boolean isCarried() {
		return this.carried;
	}

	/**
	 * The receiver said what it holds of the stream after the session resumed (reader thread).
	 * @param id the stream's id
	 * @param sentSoFar data bytes queued so far
	 * @param resume what it holds
	 * @param grantedTotal credit it granted in total
	 * @return a protocol violation, or {@code null} if the pump is to send again what it lacks
	 */
	@Nullable String resumeFrom(int id, long sentSoFar, ResendWindow.Resumed resume, long grantedTotal) {
		if (resume.received() > sentSoFar || grantedTotal < sentSoFar) {
			return "STREAM_RESUME says stream " + id + " received " + resume.received() + " bytes with "
					+ grantedTotal + " granted, but " + sentSoFar + " were sent";
		}
		this.carried = false;
		this.resend.resumed(resume, grantedTotal);
		return null;
	}

	/**
	 * The receiver never saw the STREAM_OPEN (lost with the connection).
	 * @param sentSoFar data bytes queued so far
	 * @param resume where to send it again
	 * @return {@code false} if it cannot be (the receiver granted credit, so it knew the stream)
	 */
	boolean reopen(long sentSoFar, ResendWindow.Resumed resume) {
		if (sentSoFar > 0 || this.resend.credited()) {
			return false;
		}
		this.carried = false;
		this.resend.resumed(resume, 0);
		return true;
	}

	int generation() {
		return this.generation.get();
	}

	/**
	 * Pump thread: move to the connection that resumed; chunks of the old one no longer count.
	 * @param resume where to
	 */
	void moveTo(ResendWindow.Resumed resume) {
		this.node = resume.host();
		this.session = resume.session();
		this.generation.incrementAndGet();
	}

	/** Pump thread: the stream goes on, on the connection it moved to. */
	void unpause() {
		this.paused = false;
	}

}
