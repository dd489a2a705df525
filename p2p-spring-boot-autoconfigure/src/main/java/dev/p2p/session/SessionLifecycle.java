package dev.p2p.session;

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
import dev.p2p.event.Limit;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SessionState;
import dev.p2p.security.ConnectionGate;
import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.InboundFrames;
import dev.p2p.transport.PeerConnection;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameFormat;
import dev.p2p.wire.FrameTooLargeException;
import dev.p2p.wire.RequestEnvelopes;
import dev.p2p.wire.TruncatedFrameException;

/**
 * Turns connections into sessions and back: creates a session per connection, hands it to the
 * {@link HandshakeExchange}, routes frames (control frames to the handshake or here, application
 * frames to the session's listener queue), closes sessions, and reports every ending with the
 * right event.
 */
public final class SessionLifecycle implements ConnectionHandler {

	private static final Log logger = LogFactory.getLog(SessionLifecycle.class);

	/** How long listeners may still handle what a peer sent before its goodbye. */
	static final long RECEIVE_GRACE_MILLIS = 10_000;

	private final NodeContext node;

	private final HandshakeCodec codec = new HandshakeCodec();

	private final HandshakeExchange handshake;

	private final RequestReplies replies = new RequestReplies();

	private final LogThrottle handshakeRejectionLog = new LogThrottle(RejectionReason.values().length,
			1_000_000_000L);

	private final BuiltInCommands builtIns;

	private final Heartbeat heartbeat;

	private final InboundRouter router;

	SessionLifecycle(NodeContext node) {
		this.node = node;
		this.handshake = new HandshakeExchange(node, this, this.codec);
		this.builtIns = new BuiltInCommands(node, this.replies);
		this.heartbeat = new Heartbeat(node, this, node.settings.getHeartbeatTimeout());
		this.router = new InboundRouter(node);
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
		DefaultPeerSession session = new DefaultPeerSession(connection, direction, settings.getSendQueueCapacity(),
				settings.getSendTimeout().toNanos(), settings.getReceiveQueueCapacity(),
				this.node.threads().writer, this.node.threads().listener,
				this.router::route,
				(code) -> code == ControlCode.TRACE || this.node.packetHandler.handlesInline(code), this.node.metrics, settings.getStreams());
		if (direction == Direction.OUTBOUND) {
			session.dialRequest = DialRequest.CURRENT.get();
		}
		connection.setAttachment(session);
		this.node.sessions.opened(session);
		if (!this.node.isAcceptingConnections()) {
			close(session, DisconnectReason.SHUTDOWN, "node is stopping");
			return;
		}
		if (direction == Direction.INBOUND) {
			ConnectionGate.Violation violation = this.node.gate.admit(session.getRemoteAddress().getAddress());
			if (violation != null) {
				this.node.metrics.limitExceeded(violation.limit());
				this.handshake.refuse(session, violation.detail());
				return;
			}
			session.admitted = true;
		}
		try {
			if (settings.getHandshakeMode() == HandshakeMode.NONE) {
				this.handshake.activateWithoutHandshake(session);
			}
			else {
				this.handshake.start(session);
			}
		}
		catch (RuntimeException ex) {
			// (a timer refusing the handshake timeout while the node stops, say): close through this
			// lifecycle, so the connection limits give back what the session took
			logger.warn("Connection from " + session.getRemoteAddress() + " could not start its handshake", ex);
			close(session, DisconnectReason.SHUTDOWN, "could not start the handshake: " + ex.getMessage());
		}
	}

	// ---- frames

	@Override
	public void framesReceived(PeerConnection connection, InboundFrames frames) {
		DefaultPeerSession session = (DefaultPeerSession) connection.getAttachment();
		if (session == null) {
			return;
		}
		long bytes = 0;
		List<InboundFrames.SkippedFrame> skippedFrames = frames.skipped();
		int nextSkipped = 0;
		List<Frame> application = new ArrayList<>(frames.frames().size());
		for (int i = 0, n = frames.frames().size(); i < n; i++) {
			for (; nextSkipped < skippedFrames.size() && skippedFrames.get(nextSkipped).position() == i; nextSkipped++) {
				bytes += skipped(session, skippedFrames.get(nextSkipped));
			}
			Frame frame = frames.frames().get(i);
			bytes += frame.wireSize();
			boolean established = session.getState() == SessionState.ACTIVE
					|| session.getState() == SessionState.CLOSING;
			if (established && (ControlCode.isEnvelope(frame.type()) || frame.type() == ControlCode.ERROR)) {
				if (!envelope(session, frame)) {
					break;
				}
			}
			else if (established && ControlCode.isStream(frame.type())) {
				if (!streamFrame(session, frame)) {
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
				Frame request = session.pendingRequest;
				if (request != null && !this.replies.announces(this.node, session, request, frame)) {
					this.replies.refused(this.node, session, request, "MalformedRequest",
							"the REQUEST did not announce the " + ControlCode.describe(frame.type())
									+ " frame after it, which is handled as a plain packet");
					request = null;
				}
				addPending(application, session.pendingTrace);
				addPending(application, request);
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
		for (; nextSkipped < skippedFrames.size(); nextSkipped++) {
			bytes += skipped(session, skippedFrames.get(nextSkipped));
		}
		session.received(application);
		session.countRead(bytes);
		if (frames.failure() != null) {
			connection.close(frames.failure());
		}
	}

	/**
	 * Report a frame of unknown type that was read past, in its place in the stream: the
	 * envelopes waiting for the next application frame announced this one, so they end with it.
	 * A REQUEST for it is answered with an ERROR, a REPLY with it fails its request, a TRACE is
	 * dropped (it must not parent the next packet).
	 * @return the frame's size on the wire
	 */
	private long skipped(DefaultPeerSession session, InboundFrames.SkippedFrame skipped) {
		String problem = "type " + ControlCode.describe(skipped.type()) + " is not a constant of "
				+ this.node.packetTypes.getEnumType().getSimpleName();
		rejected(session, skipped.type(), RejectionReason.UNKNOWN_TYPE,
				problem + "; skipped " + skipped.length() + " payload bytes");
		Frame request = session.pendingRequest;
		Frame reply = session.pendingReply;
		session.pendingTrace = null;
		session.pendingRequest = null;
		session.pendingReply = null;
		if (reply != null) {
			this.replies.replyFrameLost(this.node, session, reply);
		}
		if (request != null) {
			this.replies.refused(this.node, session, request, "UnknownType",
					problem + " (node '" + this.node.getNodeId() + "')");
		}
		return FrameFormat.HEADER_SIZE + (long) skipped.length();
	}

	/**
	 * Handle an envelope frame: ERROR and a REPLY without a frame answer their request at once;
	 * TRACE, REQUEST and a REPLY with a frame wait for their frame, one of each at most.
	 * @return {@code false} if the connection is closing
	 */
	private boolean envelope(DefaultPeerSession session, Frame frame) {
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
				if (!serving(session, frame)) {
					return false;
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

	/**
	 * Count a request as being served until it is answered; a peer with more requests in
	 * flight than {@code p2p.limits.max-requests-in-flight} is disconnected.
	 * @return {@code false} if the connection is closing
	 */
	private boolean serving(DefaultPeerSession session, Frame request) {
		int id;
		try {
			id = RequestEnvelopes.idOf(request.payload());
		}
		catch (IllegalArgumentException ex) {
			return true; // the dispatcher reports the malformed envelope; nothing to count
		}
		int limit = this.node.settings.getLimits().maxRequestsInFlight();
		if (limit > 0 && session.servingRequests.size() >= limit) {
			this.node.metrics.limitExceeded(Limit.MAX_REQUESTS_IN_FLIGHT);
			close(session, DisconnectReason.LIMIT_EXCEEDED, "more than " + limit
					+ " requests in flight from one peer (p2p.limits.max-requests-in-flight)");
			return false;
		}
		if (!session.servingRequests.add(id)) {
			close(session, DisconnectReason.PROTOCOL_ERROR,
					"request id " + Integer.toUnsignedString(id) + " reused while that request is still being served");
			return false;
		}
		return true;
	}

	/**
	 * Handle a stream frame; one that breaks the stream protocol closes the connection.
	 * @return {@code false} if the connection is closing
	 */
	private boolean streamFrame(DefaultPeerSession session, Frame frame) {
		String violation = session.streams.received(this.node, session, frame);
		if (violation == null) {
			return true;
		}
		rejected(session, frame.type(), RejectionReason.STREAM_VIOLATION, violation);
		close(session, DisconnectReason.PROTOCOL_ERROR, violation);
		return false;
	}

	private boolean replyFrameFollows(DefaultPeerSession session, Frame reply) {
		try {
			return RequestEnvelopes.replyFrameFollows(reply.payload());
		}
		catch (IllegalArgumentException ex) {
			// completed on its own: the replies report the malformed payload
			return false;
		}
	}

	private boolean tooMany(DefaultPeerSession session, Frame frame) {
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
	private boolean controlFrame(DefaultPeerSession session, Frame frame) {
		boolean handshaking = session.getState() == SessionState.HANDSHAKING;
		boolean inbound = session.getDirection() == Direction.INBOUND;
		if (!handshaking && ControlCode.isMembership(frame.type())) {
			return membershipFrame(session, frame);
		}
		if (handshaking && inbound && frame.type() == ControlCode.DIAL_BACK_PROBE) {
			return dialBackProbe(session, frame);
		}
		if (handshaking && inbound && frame.type() == ControlCode.PUNCH_JOIN) {
			// a hole-punched connection names its session's token before the HELLO
			SessionExtension punch = this.node.extensionFor(frame.type());
			if (punch != null && punch.controlFrame(session, frame)) {
				return true;
			}
			this.handshake.fail(session, HandshakeFailure.DENIED_LOCALLY, "PUNCH_JOIN for no hole punch in progress");
			return false;
		}
		if (!handshaking && frame.type() == ControlCode.PATH_SWITCH) {
			PathSwitch.received(session, frame);
			return true;
		}
		SessionExtension extension = handshaking ? null : this.node.extensionFor(frame.type());
		if (extension != null) {
			return extension.controlFrame(session, frame);
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
			case ControlCode.CHALLENGE -> {
				if (handshaking && !inbound) {
					return this.handshake.challenged(session, frame.payload());
				}
			}
			case ControlCode.PROOF -> {
				if (handshaking && inbound) {
					return this.handshake.proof(session, frame.payload());
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
	 * A dial-back probe is the only frame of its connection (sent instead of HELLO by a peer
	 * that checks this node's address): the extension that asked for it hears the nonce, and the
	 * connection ends without counting as a failed handshake.
	 */
	private boolean dialBackProbe(DefaultPeerSession session, Frame frame) {
		SessionExtension extension = this.node.extensionFor(frame.type());
		if (extension != null) {
			extension.controlFrame(session, frame);
		}
		session.dialBackProbe = true;
		session.connection().close();
		return false;
	}

	/**
	 * Handle PING, PONG, a built-in command or its reply, on this (the reader's) thread: each
	 * is answered or completed at once, without waiting for room in the send queue.
	 * @return {@code false} if the connection is closing
	 */
	private boolean membershipFrame(DefaultPeerSession session, Frame frame) {
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
	void close(DefaultPeerSession session, DisconnectReason reason, String detail) {
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
	void closeAfter(DefaultPeerSession session, Frame last) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		if (!session.enqueueLast(last, written)) {
			session.connection().close();
			return;
		}
		written.whenComplete((ignored, ex) -> session.connection().close());
		this.node.threads().timers.schedule(() -> session.connection().close(), 1, TimeUnit.SECONDS);
	}

	/**
	 * Close connections whose current write has been blocked longer than the send timeout: the
	 * peer stopped reading, and neither a sender nor a writer thread may wait on it forever.
	 */
	void closeStalledWriters() {
		long limit = this.node.settings.getSendTimeout().toNanos();
		long now = System.nanoTime();
		for (DefaultPeerSession session : this.node.sessions.openSessions()) {
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
	 * Close established sessions that sent nothing for {@code p2p.limits.idle-timeout}.
	 */
	void closeIdle() {
		long limit = this.node.settings.getLimits().idleTimeout().toMillis();
		long now = System.currentTimeMillis();
		for (DefaultPeerSession session : this.node.sessions.activeSessions()) {
			long idle = now - session.getLastSeen().toEpochMilli();
			// a peer whose frames wait for our listeners is not idle: back-pressure paused reading it
			if (idle > limit && !session.hasUndeliveredFrames()) {
				this.node.metrics.limitExceeded(Limit.IDLE_TIMEOUT);
				try {
					close(session, DisconnectReason.LIMIT_EXCEEDED,
							"nothing received for " + idle + " ms (p2p.limits.idle-timeout)");
				}
				catch (RuntimeException ex) {
					// a failure here must not cancel the periodic check
					logger.warn("Closing idle connection to '" + session.getNodeId() + "' failed", ex);
				}
			}
		}
	}

	/**
	 * Fail the streams that made no progress within {@code p2p.stream.idle-timeout}.
	 */
	void checkIdleStreams() {
		long now = System.nanoTime();
		for (DefaultPeerSession session : this.node.sessions.openSessions()) {
			try {
				session.streams.checkIdle(now);
			}
			catch (RuntimeException ex) {
				// a failure here must not cancel the periodic check
				logger.warn("Checking the streams of '" + session.getNodeId() + "' failed", ex);
			}
		}
	}

	/**
	 * Say goodbye to every session, wait for queued frames to leave, then close them all.
	 */
	void closeAll(Duration timeout) {
		this.handshake.failWaiting("node '" + this.node.getNodeId() + "' is stopping");
		Collection<DefaultPeerSession> open = this.node.sessions.openSessions();
		for (DefaultPeerSession session : open) {
			session.closeReason = DisconnectReason.SHUTDOWN;
			session.closeDetail = "node '" + this.node.getNodeId() + "' is stopping";
			if (session.getState() == SessionState.ACTIVE && speaksControlFrames()) {
				session.setState(SessionState.CLOSING);
				session.enqueueLast(bye(session.closeDetail, false), new CompletableFuture<>());
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (DefaultPeerSession session : open) {
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
		DefaultPeerSession session = (DefaultPeerSession) connection.getAttachment();
		if (session == null) {
			return;
		}
		PeerRegistry.Closed closed = this.node.sessions.closed(session);
		if (session.admitted) {
			session.admitted = false;
			this.node.gate.release(session.getRemoteAddress().getAddress());
		}
		SessionState previous = closed.previous();
		boolean wasCurrent = closed.wasCurrent();
		HandshakeExchange.cancelTimer(session);
		int dropped = session.discardQueued();
		int undelivered;
		if (session.switchedIn.isDone()) {
			// a path switch: the listeners handle everything the old path brought, the new path waits for them
			session.finishReceiving();
			undelivered = 0;
		}
		else {
			undelivered = (session.closeReason == DisconnectReason.CLOSED_BY_PEER) ? finishReceiving(session)
					: session.discardReceived();
		}
		session.requests.failAll(new PeerNotConnectedException(
				"Peer " + session.getNodeId() + " disconnected before replying"));
		Throwable cause = connection.getCloseCause();
		if (cause instanceof FrameDecodingException decoding) {
			if (decoding instanceof FrameTooLargeException tooLarge) {
				this.node.metrics.limitExceeded(Limit.MAX_PAYLOAD_SIZE);
				rejected(session, tooLarge.getType(), RejectionReason.OVERSIZE, decoding.getMessage());
			}
			else {
				int type = (decoding instanceof TruncatedFrameException truncated) ? truncated.getType() : 0;
				rejected(session, type, RejectionReason.TRUNCATED, decoding.getMessage());
			}
		}
		if (session.closeReason == null) {
			session.closeReason = reasonOf(cause);
		}
		if (session.closeDetail.isEmpty()) {
			session.closeDetail = detailOf(cause);
		}
		session.streams.closeAll(session.getNodeId(), session.closeReason.tag() + ": " + session.closeDetail);
		this.node.metrics.sessionClosed(session);
		if (previous == SessionState.HANDSHAKING) {
			this.handshake.ended(session, cause);
		}
		else {
			sessionEnded(session, wasCurrent);
		}
		this.node.extensionsSessionEnded(session, session.closeReason.tag() + ": " + session.closeDetail);
		if (dropped > 0) {
			logger.warn("Peer '" + session.getNodeId() + "': " + dropped + " queued packets were not sent ("
					+ session.closeDetail + ")");
		}
		if (undelivered > 0) {
			logger.warn("Peer '" + session.getNodeId() + "': " + undelivered
					+ " received frames were dropped before reaching the listeners (" + session.closeDetail + ")");
		}
	}

	private void sessionEnded(DefaultPeerSession session, boolean wasCurrent) {
		DisconnectReason reason = session.closeReason;
		logger.info("Peer '" + session.getNodeId() + "' disconnected (" + reason.tag() + "): " + session.closeDetail);
		this.node.publish(new PeerDisconnectedEvent(this.node.eventSource(), session, reason, session.closeDetail));
		DialRequest request = session.dialRequest;
		DialRequest.Redialer dialer = (request != null) ? request.dialer : null;
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

	/**
	 * The peer said goodbye: what it sent before is handled, but only for a bounded time, so a
	 * blocked listener holds its thread no longer than {@link #RECEIVE_GRACE_MILLIS} after it.
	 */
	private int finishReceiving(DefaultPeerSession session) {
		session.finishReceiving();
		if (session.receivedAllHandled()) {
			return 0;
		}
		try {
			this.node.threads().timers.schedule(() -> {
				int undelivered = session.discardReceived();
				if (undelivered > 0) {
					logger.warn("Peer '" + session.getNodeId() + "': " + undelivered + " received frames were not handled"
							+ " within " + RECEIVE_GRACE_MILLIS + " ms of its goodbye and were dropped");
				}
			}, RECEIVE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
			return 0;
		}
		catch (RuntimeException ex) {
			// the node is stopping: no timer to bound the grace, so no grace
			return session.discardReceived();
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

	void rejected(DefaultPeerSession session, int typeCode, RejectionReason reason, String detail) {
		this.node.metrics.packetRejected(reason);
		// the first rejection of each kind per session is a warning; repeats would let a peer flood the
		// log, and so would many connections that never complete a handshake (at most one line a second)
		boolean first = session.firstRejection(reason);
		if (first && (session.isActive() || this.handshakeRejectionLog.tryLog(reason.ordinal()) >= 0)) {
			logger.warn("Rejected a packet from '" + session.getNodeId() + "' (" + reason.tag() + "): " + detail
					+ " (further rejections of this kind from this peer are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Rejected a packet from '" + session.getNodeId() + "' (" + reason.tag() + "): " + detail);
		}
		InetSocketAddress remote = session.getRemoteAddress();
		this.node.publish(new PacketRejectedEvent(this.node.eventSource(), remote,
				session.getIdentity() != null || session.isActive() ? session.getNodeId() : null, typeCode, reason,
				detail));
	}

}
