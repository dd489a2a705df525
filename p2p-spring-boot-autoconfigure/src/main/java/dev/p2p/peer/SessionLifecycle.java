package dev.p2p.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.InboundFrames;
import dev.p2p.transport.PeerConnection;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameFormat;
import dev.p2p.wire.FrameTooLargeException;
import dev.p2p.wire.RequestEnvelopes;

/**
 * Turns connections into sessions and back: creates a session per connection, hands it to the
 * {@link HandshakeExchange}, routes frames (control frames to the handshake or here, application
 * frames to the session's listener queue), closes sessions, and reports every ending with the
 * right event.
 */
final class SessionLifecycle implements ConnectionHandler {

	private static final Log logger = LogFactory.getLog(SessionLifecycle.class);

	private final PeerNode node;

	private final HandshakeCodec codec = new HandshakeCodec();

	private final HandshakeExchange handshake;

	private final RequestReplies replies = new RequestReplies();

	private final BuiltInCommands builtIns;

	private final Heartbeat heartbeat;

	SessionLifecycle(PeerNode node) {
		this.node = node;
		this.handshake = new HandshakeExchange(node, this, this.codec);
		this.builtIns = new BuiltInCommands(node, this.replies);
		this.heartbeat = new Heartbeat(node, this, node.settings.getHeartbeatTimeout());
	}

	/** Ping every session and close the silent ones (scheduled by the node). */
	void heartbeat() {
		this.heartbeat.beat();
	}

	// ---- connection opened

	@Override
	public void connectionOpened(PeerConnection connection) {
		Direction direction = connection.isServer() ? Direction.INBOUND : Direction.OUTBOUND;
		PeerNodeSettings settings = this.node.settings;
		PeerSession session = new PeerSession(connection, direction, settings.getSendQueueCapacity(),
				settings.getSendTimeout().toNanos(), settings.getReceiveQueueCapacity(),
				this.node.threads.writer, this.node.threads.listener,
				(from, frames) -> this.node.packetHandler.handle(this.node, from, frames),
				this.node.packetHandler::handlesInline, this.node.metrics);
		if (direction == Direction.OUTBOUND) {
			session.dialRequest = PeerNode.DIALLING.get();
		}
		connection.setAttachment(session);
		this.node.sessions.opened(session);
		if (!this.node.isAcceptingConnections()) {
			close(session, DisconnectReason.SHUTDOWN, "node is stopping");
			return;
		}
		if (settings.getHandshakeMode() == HandshakeMode.NONE) {
			this.handshake.activateWithoutHandshake(session);
		}
		else {
			this.handshake.start(session);
		}
	}

	// ---- frames

	@Override
	public void framesReceived(PeerConnection connection, InboundFrames frames) {
		PeerSession session = (PeerSession) connection.getAttachment();
		if (session == null) {
			return;
		}
		long bytes = 0;
		for (InboundFrames.SkippedFrame skipped : frames.skipped()) {
			bytes += FrameFormat.HEADER_SIZE + skipped.length();
			rejected(session, skipped.type(), RejectionReason.UNKNOWN_TYPE,
					"type " + ControlCode.describe(skipped.type()) + " is not a constant of "
							+ this.node.packetTypes.getEnumType().getSimpleName() + "; skipped " + skipped.length()
							+ " payload bytes");
		}
		List<Frame> application = new ArrayList<>(frames.frames().size());
		for (Frame frame : frames.frames()) {
			bytes += frame.wireSize();
			boolean established = session.getState() == SessionState.ACTIVE
					|| session.getState() == SessionState.CLOSING;
			if (established && (ControlCode.isEnvelope(frame.type()) || frame.type() == ControlCode.ERROR)) {
				if (!envelope(session, frame)) {
					break;
				}
			}
			else if (ControlCode.isReserved(frame.type())) {
				// what came before a control frame is handed on before the control frame acts
				session.received(application);
				application.clear();
				if (!controlFrame(session, frame)) {
					break;
				}
			}
			else if (established) {
				Frame reply = session.pendingReply;
				session.pendingReply = null;
				if (reply != null && this.replies.announces(this.node, session, reply, frame)) {
					// the reply goes to its request, not to listeners; its TRACE has nobody to continue
					session.pendingTrace = null;
					this.replies.completed(this.node, session, reply, frame);
					continue;
				}
				if (reply != null) {
					this.replies.replyFrameLost(this.node, session, reply);
				}
				addPending(application, session.pendingTrace);
				addPending(application, session.pendingRequest);
				session.pendingTrace = null;
				session.pendingRequest = null;
				application.add(frame);
			}
			else {
				rejected(session, frame.type(), RejectionReason.BEFORE_HANDSHAKE,
						"application frame before the handshake completed");
				this.handshake.fail(session, HandshakeFailure.MALFORMED,
						"application frame before the handshake completed");
				break;
			}
		}
		session.received(application);
		session.countRead(bytes);
		if (frames.failure() != null) {
			connection.close(frames.failure());
		}
	}

	/**
	 * Handle an envelope frame: ERROR and a REPLY without a frame answer their request at once;
	 * TRACE, REQUEST and a REPLY with a frame wait for their frame, one of each at most.
	 * @return {@code false} if the connection is closing
	 */
	private boolean envelope(PeerSession session, Frame frame) {
		switch (frame.type()) {
			case ControlCode.ERROR -> this.replies.failed(this.node, session, frame);
			case ControlCode.REPLY -> {
				if (!replyFrameFollows(session, frame)) {
					this.replies.completed(this.node, session, frame, null);
				}
				else if (session.pendingReply == null) {
					session.pendingReply = frame;
				}
				else {
					return tooMany(session, frame);
				}
			}
			case ControlCode.REQUEST -> {
				if (session.pendingRequest != null) {
					return tooMany(session, frame);
				}
				session.pendingRequest = frame;
			}
			default -> {
				if (session.pendingTrace != null) {
					return tooMany(session, frame);
				}
				session.pendingTrace = frame;
			}
		}
		return true;
	}

	private boolean replyFrameFollows(PeerSession session, Frame reply) {
		try {
			return RequestEnvelopes.replyFrameFollows(reply.payload());
		}
		catch (IllegalArgumentException ex) {
			// completed on its own: the replies report the malformed payload
			return false;
		}
	}

	private boolean tooMany(PeerSession session, Frame frame) {
		close(session, DisconnectReason.PROTOCOL_ERROR, "two " + ControlCode.describe(frame.type())
				+ " frames without the application frame the first one announced");
		return false;
	}

	private static void addPending(List<Frame> application, @Nullable Frame envelope) {
		if (envelope != null) {
			application.add(envelope);
		}
	}

	/**
	 * Handle a control frame.
	 * @return {@code false} if the connection is closing and further frames are to be ignored
	 */
	private boolean controlFrame(PeerSession session, Frame frame) {
		boolean handshaking = session.getState() == SessionState.HANDSHAKING;
		boolean inbound = session.getDirection() == Direction.INBOUND;
		if (!handshaking && ControlCode.isMembership(frame.type())) {
			return membershipFrame(session, frame);
		}
		switch (frame.type()) {
			case ControlCode.HELLO -> {
				if (handshaking && inbound) {
					return this.handshake.hello(session, frame.payload());
				}
			}
			case ControlCode.ACCEPT -> {
				if (handshaking && !inbound) {
					return this.handshake.accepted(session, frame.payload());
				}
			}
			case ControlCode.DENY -> {
				if (handshaking && !inbound) {
					this.handshake.denied(session, frame.payload());
					return false;
				}
			}
			case ControlCode.BYE -> {
				if (session.closeReason == null) {
					session.closeReason = DisconnectReason.CLOSED_BY_PEER;
					session.closeDetail = "peer said goodbye: " + this.codec.readReason(frame.payload());
					session.handshakeFailure = HandshakeFailure.CONNECTION_LOST;
				}
				session.connection().close();
				return false;
			}
			default -> {
			}
		}
		String problem = ControlCode.describe(frame.type()) + " is not expected from an " + session.getDirection()
				.name()
				.toLowerCase() + " peer in state " + session.getState().name().toLowerCase();
		if (handshaking) {
			this.handshake.fail(session, HandshakeFailure.MALFORMED, problem);
		}
		else {
			close(session, DisconnectReason.PROTOCOL_ERROR, problem);
		}
		return false;
	}

	/**
	 * Handle PING, PONG, a built-in command or its reply, on this (the reader's) thread: each
	 * is answered or completed at once, without waiting for room in the send queue.
	 * @return {@code false} if the connection is closing
	 */
	private boolean membershipFrame(PeerSession session, Frame frame) {
		return switch (frame.type()) {
			case ControlCode.PING -> this.heartbeat.pinged(session, frame);
			case ControlCode.PONG -> this.heartbeat.ponged(session, frame);
			default -> {
				if (ControlCode.isBuiltInCommand(frame.type())) {
					Frame request = session.pendingRequest;
					session.pendingRequest = null;
					session.pendingTrace = null;
					this.builtIns.commandReceived(session, request, frame);
				}
				else {
					Frame reply = session.pendingReply;
					session.pendingReply = null;
					session.pendingTrace = null;
					this.builtIns.replyReceived(session, reply, frame);
				}
				yield true;
			}
		};
	}

	// ---- closing

	/**
	 * Close a session, saying goodbye first when it is established.
	 */
	void close(PeerSession session, DisconnectReason reason, String detail) {
		if (session.closeReason == null) {
			session.closeReason = reason;
			session.closeDetail = detail;
		}
		if (session.getState() == SessionState.ACTIVE && speaksControlFrames()) {
			session.setState(SessionState.CLOSING);
			closeAfter(session, bye(detail, reason == DisconnectReason.DUPLICATE));
		}
		else {
			session.connection().close();
		}
	}

	Frame bye(String reason, boolean duplicate) {
		return new Frame(ControlCode.BYE, this.codec.writeReason(reason, this.node.getNodeId(), duplicate));
	}

	/** Peers in handshake mode none are plain dpea-p2p peers: they get no control frames. */
	private boolean speaksControlFrames() {
		return this.node.settings.getHandshakeMode() == HandshakeMode.HELLO;
	}

	/** Queue a last frame, then close once it is written (or after a short grace period). */
	void closeAfter(PeerSession session, Frame last) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		if (!session.enqueueLast(last, written)) {
			session.connection().close();
			return;
		}
		written.whenComplete((ignored, ex) -> session.connection().close());
		this.node.threads.timers.schedule(() -> session.connection().close(), 1, TimeUnit.SECONDS);
	}

	/**
	 * Close connections whose current write has been blocked longer than the send timeout: the
	 * peer stopped reading, and neither a sender nor a writer thread may wait on it forever.
	 */
	void closeStalledWriters() {
		long limit = this.node.settings.getSendTimeout().toNanos();
		long now = System.nanoTime();
		for (PeerSession session : this.node.sessions.openSessions()) {
			long blocked = session.connection().writeBlockedNanos(now);
			if (blocked > limit) {
				session.closeReason = DisconnectReason.IO_ERROR;
				session.closeDetail = "peer stopped reading: a write was blocked for " + (blocked / 1_000_000)
						+ " ms (p2p.send.timeout)";
				try {
					session.connection().close();
				}
				catch (RuntimeException ex) {
					// a failure here must not cancel the periodic check
					logger.warn("Closing stalled connection to '" + session.getNodeId() + "' failed", ex);
				}
			}
		}
	}

	/**
	 * Say goodbye to every session, wait for queued frames to leave, then close them all.
	 */
	void closeAll(Duration timeout) {
		this.handshake.failWaiting("node '" + this.node.getNodeId() + "' is stopping");
		Collection<PeerSession> open = this.node.sessions.openSessions();
		for (PeerSession session : open) {
			session.closeReason = DisconnectReason.SHUTDOWN;
			session.closeDetail = "node '" + this.node.getNodeId() + "' is stopping";
			if (session.getState() == SessionState.ACTIVE && speaksControlFrames()) {
				session.setState(SessionState.CLOSING);
				session.enqueueLast(bye(session.closeDetail, false), new CompletableFuture<>());
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (PeerSession session : open) {
			try {
				if (!session.awaitSent(Math.max(0, deadline - System.nanoTime()))) {
					logger.warn("Peer '" + session.getNodeId() + "': " + session.getQueuedBytes()
							+ " queued bytes not sent within the shutdown timeout of " + timeout.toMillis() + " ms");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		open.forEach((session) -> session.connection().close());
	}

	@Override
	public void connectionClosed(PeerConnection connection) {
		PeerSession session = (PeerSession) connection.getAttachment();
		if (session == null) {
			return;
		}
		PeerRegistry.Closed closed = this.node.sessions.closed(session);
		SessionState previous = closed.previous();
		boolean wasCurrent = closed.wasCurrent();
		HandshakeExchange.cancelTimer(session);
		int dropped = session.discardQueued();
		session.requests.failAll(new PeerNotConnectedException(
				"Peer " + session.getNodeId() + " disconnected before replying"));
		Throwable cause = connection.getCloseCause();
		if (cause instanceof FrameDecodingException decoding) {
			if (decoding instanceof FrameTooLargeException tooLarge) {
				rejected(session, tooLarge.getType(), RejectionReason.OVERSIZE, decoding.getMessage());
			}
			else {
				rejected(session, 0, RejectionReason.TRUNCATED, decoding.getMessage());
			}
		}
		if (session.closeReason == null) {
			session.closeReason = reasonOf(cause);
		}
		if (session.closeDetail.isEmpty()) {
			session.closeDetail = detailOf(cause);
		}
		if (previous == SessionState.HANDSHAKING) {
			this.handshake.ended(session, cause);
		}
		else {
			sessionEnded(session, wasCurrent);
		}
		if (dropped > 0) {
			logger.warn("Peer '" + session.getNodeId() + "': " + dropped + " queued packets were not sent ("
					+ session.closeDetail + ")");
		}
	}

	private void sessionEnded(PeerSession session, boolean wasCurrent) {
		DisconnectReason reason = session.closeReason;
		logger.info("Peer '" + session.getNodeId() + "' disconnected (" + reason.tag() + "): " + session.closeDetail);
		this.node.publish(new PeerDisconnectedEvent(this.node, session, reason, session.closeDetail));
		DialRequest request = session.dialRequest;
		PeerDialer dialer = (request != null) ? request.dialer : null;
		if (wasCurrent) {
			if (dialer != null) {
				dialer.lost("connection lost (" + reason.tag() + ")", true);
			}
			this.node.sessionEnded(session.getNodeId());
		}
		else if (dialer != null) {
			dialer.coveredBy(session.getNodeId());
		}
	}

	private static DisconnectReason reasonOf(@Nullable Throwable cause) {
		if (cause == null || cause instanceof SoftEndOfStreamException) {
			return DisconnectReason.CLOSED_BY_PEER;
		}
		return (cause instanceof FrameDecodingException) ? DisconnectReason.PROTOCOL_ERROR : DisconnectReason.IO_ERROR;
	}

	private static String detailOf(@Nullable Throwable cause) {
		if (cause == null || cause instanceof SoftEndOfStreamException) {
			return "connection closed by peer";
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	// ---- rejections

	void rejected(PeerSession session, int typeCode, RejectionReason reason, String detail) {
		this.node.metrics.packetRejected(reason);
		// the first rejection of each kind per session is a warning; repeats would let a peer flood the log
		if (session.firstRejection(reason)) {
			logger.warn("Rejected a packet from '" + session.getNodeId() + "' (" + reason.tag() + "): " + detail
					+ " (further rejections of this kind from this peer are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Rejected a packet from '" + session.getNodeId() + "' (" + reason.tag() + "): " + detail);
		}
		InetSocketAddress remote = session.getRemoteAddress();
		this.node.publish(new PacketRejectedEvent(this.node, remote,
				session.getIdentity() != null || session.isActive() ? session.getNodeId() : null, typeCode, reason,
				detail));
	}

}
