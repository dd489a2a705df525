package dev.p2p.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.metrics.RequestOutcome;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.RemotePacketException;
import dev.p2p.peer.RequestTimeoutException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamResult;
import dev.p2p.request.PendingRequests;
import dev.p2p.stream.StreamContent;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

/**
 * Frame-level sending on a node's established sessions: plain frames, requests that wait for
 * their reply, replies, and streams. The application's API over it is
 * {@code dev.p2p.core.PacketOperations}.
 */
public final class SessionSender {

	private final NodeContext node;

	private final SessionStreamResumption streamResumption;

	private final BuiltInRequests builtIns;

	SessionSender(NodeContext node) {
		this.node = node;
		this.streamResumption = new SessionStreamResumption(node, this);
		this.builtIns = new BuiltInRequests(this);
	}

	/**
	 * Queue a frame for a session right after the TRACE frame that carries its trace context
	 * (nothing can come between them), waiting up to {@code p2p.send.timeout} for room. The
	 * TRACE frame is dropped for peers in handshake mode {@code none}: dpea-p2p peers know no
	 * control frames.
	 * @param session an established session of this node
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void send(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written) {
		send(session, trace, frame, written, sendTimeout());
	}

	/**
	 * How long a send waits for room in a full queue unless told otherwise.
	 * @return {@code p2p.send.timeout}
	 */
	public Duration sendTimeout() {
		return this.node.settings.getSendTimeout();
	}

	/**
	 * Queue a frame as {@link #send(PeerSession, Frame, Frame, CompletableFuture)} does, waiting
	 * up to a timeout of the caller's for room instead of {@code p2p.send.timeout}.
	 * @param session an established session of this node
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @param timeout how long to wait for room
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void send(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			Duration timeout) {
		send(session, trace, frame, written, timeout, true);
	}

	/**
	 * Queue a frame as {@link #send(PeerSession, Frame, Frame, CompletableFuture, Duration)} does
	 * for one of several sessions that get the same frame (a broadcast): never written on the
	 * calling thread, even on an idle connection, so that the sender does not make one write per
	 * session in turn; the sessions' writers write in parallel, each in batches.
	 * @param session an established session of this node
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame (its payload is shared, not copied)
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @param timeout how long to wait for room
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void fanOut(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			Duration timeout) {
		send(session, trace, frame, written, timeout, false);
	}

	private void send(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			Duration timeout, boolean mayWriteInline) {
		if (session instanceof AttachedSession other) {
			this.node.attached.send(other, frame, written);
			return;
		}
		DeliveryHook delivery = this.node.delivery;
		if (delivery != null && session instanceof DefaultPeerSession agreed && agreed.isDeliveryAgreed()
				&& !ControlCode.isReserved(frame.type())) {
			delivery.send(agreed, trace, frame, written, timeout.toNanos(), mayWriteInline);
			return;
		}
		// a plain send: no replay buffer keeps the packet, so the loss of the caller's own write is its to hear
		checkActive(session).outbox.enqueue(envelope(trace), frame, written, timeout.toNanos(), mayWriteInline, true);
	}

	/**
	 * Queue a frame on an established session as it is, past acknowledged delivery (which
	 * uses it to write the packets it tracks).
	 * @param session an established session of this node's own protocol
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @param timeoutNanos how long to wait for room
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void write(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			long timeoutNanos) {
		write(session, trace, frame, written, timeoutNanos, true);
	}

	/**
	 * Queue a frame as {@link #write(PeerSession, Frame, Frame, CompletableFuture, long)} does; the
	 * caller writes it itself on an idle connection only if {@code mayWriteInline}.
	 * @param session an established session of this node's own protocol
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @param timeoutNanos how long to wait for room
	 * @param mayWriteInline {@code false} for one of several sessions getting the same frame
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void write(PeerSession session, @Nullable Frame trace, Frame frame, @Nullable CompletableFuture<Void> written,
			long timeoutNanos, boolean mayWriteInline) {
		checkActive(session).outbox.enqueue(envelope(trace), frame, written, timeoutNanos, mayWriteInline);
	}

	private List<Frame> envelope(@Nullable Frame trace) {
		return (trace != null && speaksControlFrames()) ? List.of(trace) : List.of();
	}

	/**
	 * Send a packet to a peer that has no established session: its suspended session (with
	 * acknowledged delivery) keeps it until it resumes.
	 * @param nodeId the peer
	 * @param frame the application frame
	 * @param written completed when the peer acknowledged it, may be {@code null}
	 * @param timeout how long to wait for room in the replay buffer
	 * @return {@code false} if the peer has no suspended session that takes packets of this type
	 * @throws SendQueueFullException if there was no room in time
	 */
	public boolean sendSuspended(String nodeId, Frame frame, @Nullable CompletableFuture<Void> written,
			@Nullable Duration timeout) {
		DeliveryHook delivery = this.node.delivery;
		return delivery != null && delivery.sendSuspended(nodeId, frame, written,
				((timeout != null) ? timeout : this.node.settings.getSendTimeout()).toNanos());
	}

	/**
	 * Close a session whose peer broke the protocol (saying why in a BYE first).
	 * @param session the session
	 * @param problem what the peer did wrong
	 */
	public void closeForProtocolError(PeerSession session, String problem) {
		if (session instanceof DefaultPeerSession target) {
			this.node.lifecycle.close(target, DisconnectReason.PROTOCOL_ERROR, problem);
		}
	}

	void send(DefaultPeerSession session, Frame frame, @Nullable CompletableFuture<Void> written) {
		send(session, null, frame, written);
	}

	/**
	 * Queue a control frame without waiting for room and without writing it on the calling
	 * thread: for reader and timer threads, which must not block on a peer that stopped reading.
	 * @param session an established session of this node
	 * @param frame the frame
	 * @return {@code false} if there was no room or the session is closing
	 */
	public boolean sendNow(PeerSession session, Frame frame) {
		if (!(session instanceof DefaultPeerSession target) || !session.isActive()) {
			return false;
		}
		return target.offerNow(List.of(frame));
	}

	/**
	 * Queue a frame for several sessions.
	 * @param targets the sessions
	 * @param trace the TRACE control frame to precede it, or {@code null}
	 * @param frame the frame (its payload is shared, not copied)
	 * @return futures completed as each write finishes
	 */
	public List<CompletableFuture<Void>> send(Collection<PeerSession> targets, @Nullable Frame trace, Frame frame) {
		return send(targets, trace, frame, sendTimeout());
	}

	/**
	 * Queue a frame for several sessions, waiting up to a timeout of the caller's for room in
	 * each session's queue.
	 * @param targets the sessions
	 * @param trace the TRACE control frame to precede it, or {@code null}
	 * @param frame the frame (its payload is shared, not copied)
	 * @param timeout how long to wait for room
	 * @return futures completed as each write finishes (failed for a session without room in time)
	 */
	public List<CompletableFuture<Void>> send(Collection<PeerSession> targets, @Nullable Frame trace, Frame frame,
			Duration timeout) {
		List<CompletableFuture<Void>> futures = new ArrayList<>(targets.size());
		for (PeerSession session : targets) {
			CompletableFuture<Void> written = new CompletableFuture<>();
			try {
				fanOut(session, trace, frame, written, timeout);
			}
			catch (RuntimeException ex) {
				written.completeExceptionally(ex);
			}
			futures.add(written);
		}
		return futures;
	}

	/**
	 * Send a request and wait for its reply: the frame goes out after a REQUEST frame with a
	 * fresh id (and the TRACE frame, if any); the peer's REPLY or ERROR with that id completes
	 * the result, in whatever order replies arrive.
	 * @param <R> the reply's type
	 * @param session an established session
	 * @param type the request's packet type (for metrics)
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the request
	 * @param timeout how long to wait for the reply
	 * @param decoder turns the reply's frame ({@code null} when the peer answered with nothing)
	 * into the result
	 * @return completes with the decoded reply; fails with {@link RemotePacketException} for an
	 * ERROR reply, {@link RequestTimeoutException} at the timeout, {@link PeerNotConnectedException}
	 * if the session ends first, or with whatever sending threw
	 */
	public <R> CompletableFuture<R> request(PeerSession session, Enum<?> type, @Nullable Frame trace, Frame frame,
			Duration timeout, Function<@Nullable Frame, @Nullable R> decoder) {
		if (!speaksControlFrames()) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Requests need p2p.handshake.mode=hello: dpea-p2p peers (mode none) cannot answer them"));
		}
		NodeThreads running = this.node.threads;
		if (running == null || !this.node.isAcceptingConnections()) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node is not running"));
		}
		if (!(session instanceof DefaultPeerSession target)) {
			// peerpy and pnet have no request/reply: a peer of theirs cannot answer one
			return CompletableFuture.failedFuture(new IllegalArgumentException("Peer '" + session.getNodeId()
					+ "' speaks another protocol and cannot answer requests; send to it instead"));
		}
		long started = System.nanoTime();
		PendingRequests.Pending<R> pending = target.requests.register(running.timers, timeout.toNanos(), decoder,
				(id) -> new RequestTimeoutException("No reply from '" + session.getNodeId() + "' to " + type.name()
						+ " request " + id + " within " + timeout.toMillis() + " ms"));
		pending.result().whenComplete((reply, failure) -> this.node.metrics.requestCompleted(type,
				RequestOutcome.of(failure), System.nanoTime() - started));
		try {
			checkActive(session);
			Frame request = RequestEnvelopes.request(pending.id(), frame.type());
			target.outbox.enqueue((trace != null) ? List.of(trace, request) : List.of(request), frame, null);
		}
		catch (RuntimeException ex) {
			target.requests.fail(pending.id(), ex);
		}
		return pending.result();
	}

	/**
	 * Answer a request.
	 * @param session the peer that asked
	 * @param requestId the request's id
	 * @param trace the TRACE control frame, or {@code null}
	 * @param reply the reply, {@code null} to answer with nothing
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	void reply(DefaultPeerSession session, int requestId, @Nullable Frame trace, @Nullable Frame reply) {
		session.envelopes.serving.remove(requestId);
		Frame envelope = RequestEnvelopes.reply(requestId, reply);
		if (reply == null) {
			send(session, null, envelope, null);
		}
		else {
			checkActive(session);
			session.outbox.enqueue((trace != null) ? List.of(trace, envelope) : List.of(envelope), reply, null);
		}
	}

	/**
	 * Answer a request with a failure.
	 * @param session the peer that asked
	 * @param requestId the request's id
	 * @param exceptionType the failure's type, as the requester will see it
	 * @param message what went wrong
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	void replyError(DefaultPeerSession session, int requestId, String exceptionType, String message) {
		session.envelopes.serving.remove(requestId);
		send(session, null, RequestEnvelopes.error(requestId, exceptionType, message), null);
	}

	/**
	 * Stream data of any size to a peer (docs/PROTOCOL.md §12): a STREAM_OPEN, then chunks of at
	 * most {@code p2p.stream.chunk-size} bytes as the peer grants credit, then a STREAM_END with
	 * the length and SHA-256.
	 * @param session an established session
	 * @param type the stream's packet type (the peer's listener for it takes an InputStream)
	 * @param content the data, with an optional name and size for the peer
	 * @return completes when the peer has read the data to its end and found the length and
	 * SHA-256 right; fails with {@link StreamFailedException} if the peer refused or cancelled
	 * it, the data did not match, it timed out, the source failed or the connection ended, or
	 * with {@link PeerNotConnectedException} if the session is not active
	 */
	public CompletableFuture<StreamResult> stream(PeerSession session, Enum<?> type, StreamContent content) {
		return stream(session, type, content, this.node.settings.getStreams().idleTimeout());
	}

	/**
	 * Open a stream to a session that fails after a time of its own without progress.
	 * @param session an established session
	 * @param type the stream's packet type
	 * @param content the data
	 * @param idleTimeout how long the stream may make no progress (in place of
	 * {@code p2p.stream.idle-timeout})
	 * @return completes when the peer confirmed the data
	 */
	public CompletableFuture<StreamResult> stream(PeerSession session, Enum<?> type, StreamContent content,
			Duration idleTimeout) {
		if (!speaksControlFrames()) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Streams need p2p.handshake.mode=hello: dpea-p2p peers (mode none) cannot receive them"));
		}
		if (!this.node.isAcceptingConnections() || this.node.threads == null) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node is not running"));
		}
		DefaultPeerSession target;
		try {
			target = checkActive(session);
		}
		catch (PeerNotConnectedException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return target.streams.open(target.streamHost, target, type, content, idleTimeout);
	}

	private DefaultPeerSession checkActive(PeerSession session) {
		if (!(session instanceof DefaultPeerSession target)) {
			throw new IllegalArgumentException("Not a session of this node's own protocol: " + session
					+ " (peers of the peerpy profile take packets, not requests or streams)");
		}
		if (!session.isActive()) {
			throw new PeerNotConnectedException(
					"Peer " + session.getNodeId() + " is " + session.getState().name().toLowerCase() + ": cannot send");
		}
		return target;
	}

	private boolean speaksControlFrames() {
		return this.node.settings.getHandshakeMode() == HandshakeMode.HELLO;
	}

	/**
	 * What happens to a session's streams when acknowledged delivery resumes or expires it.
	 * @return the stream resumption of this node
	 */
	public SessionStreamResumption streamResumption() {
		return this.streamResumption;
	}

	/**
	 * The built-in commands this node can ask a peer (GET_FUNCS, GET_PEERS).
	 * @return the built-in requests over this sender
	 */
	public BuiltInRequests builtIns() {
		return this.builtIns;
	}

}
