package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeExchange;
import dev.p2p.peer.SessionState;
import dev.p2p.request.RequestReplies;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameFormat;
import dev.p2p.wire.RequestEnvelopes;

/**
 * Sorts the frames read from a connection: control frames to the handshake or the engine,
 * stream frames to the session's streams, envelope frames (TRACE, REQUEST, REPLY) paired with
 * the application frame they announce (a reply completes its request, a request is counted as
 * being served), application frames to the session's inbox, and frames of unknown types
 * reported where they stood. A frame that breaks the protocol closes the connection.
 */
final class FrameIntake {

	private final NodeContext node;

	private final SessionLifecycle lifecycle;

	private final HandshakeExchange<DefaultPeerSession> handshake;

	private final RequestReplies<DefaultPeerSession> replies;

	FrameIntake(NodeContext node, SessionLifecycle lifecycle, HandshakeExchange<DefaultPeerSession> handshake,
			RequestReplies<DefaultPeerSession> replies) {
		this.node = node;
		this.lifecycle = lifecycle;
		this.handshake = handshake;
		this.replies = replies;
	}

	/**
	 * Sort the frames of one read, in order: the application frames of a run go to the
	 * session's inbox together, before a control frame that follows them acts.
	 * @param session the session of the connection they were read from
	 * @param frames the frames, and the frames of unknown types that were read past
	 */
	void received(DefaultPeerSession session, InboundFrames frames) {
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
				session.inbox.received(application);
				application.clear();
				if (!this.lifecycle.controlFrame(session, frame)) {
					break;
				}
			}
			else if (established) {
				Frame reply = session.envelopes.reply;
				session.envelopes.reply = null;
				if (reply != null && this.replies.announces(session, reply, frame)) {
					// the reply goes to its request, not to listeners; its TRACE has nobody to continue
					session.envelopes.trace = null;
					this.replies.completed(session, reply, frame);
					continue;
				}
				if (reply != null) {
					this.replies.replyFrameLost(session, reply);
				}
				Frame request = session.envelopes.request;
				if (request != null && !this.replies.announces(session, request, frame)) {
					this.replies.refused(session, request, "MalformedRequest",
							"the REQUEST did not announce the " + ControlCode.describe(frame.type())
									+ " frame after it, which is handled as a plain packet");
					request = null;
				}
				addPending(application, session.envelopes.trace);
				addPending(application, request);
				session.envelopes.trace = null;
				session.envelopes.request = null;
				application.add(frame);
			}
			else {
				this.lifecycle.rejected(session, frame.type(), RejectionReason.BEFORE_HANDSHAKE,
						"application frame before the handshake completed");
				this.handshake.fail(session, HandshakeFailure.MALFORMED,
						"application frame before the handshake completed");
				break;
			}
		}
		for (; nextSkipped < skippedFrames.size(); nextSkipped++) {
			bytes += skipped(session, skippedFrames.get(nextSkipped));
		}
		session.inbox.received(application);
		session.countRead(bytes);
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
		this.lifecycle.rejected(session, skipped.type(), RejectionReason.UNKNOWN_TYPE,
				problem + "; skipped " + skipped.length() + " payload bytes");
		Frame request = session.envelopes.request;
		Frame reply = session.envelopes.reply;
		session.envelopes.clear();
		if (reply != null) {
			this.replies.replyFrameLost(session, reply);
		}
		if (request != null) {
			this.replies.refused(session, request, "UnknownType",
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
			case ControlCode.ERROR -> this.replies.failed(session, frame);
			case ControlCode.REPLY -> {
				if (!replyFrameFollows(session, frame)) {
					this.replies.completed(session, frame, null);
				}
				else if (session.envelopes.reply == null) {
					session.envelopes.reply = frame;
				}
				else {
					return tooMany(session, frame);
				}
			}
			case ControlCode.REQUEST -> {
				if (session.envelopes.request != null) {
					return tooMany(session, frame);
				}
				if (!serving(session, frame)) {
					return false;
				}
				session.envelopes.request = frame;
			}
			default -> {
				if (session.envelopes.trace != null) {
					return tooMany(session, frame);
				}
				session.envelopes.trace = frame;
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
		if (limit > 0 && session.envelopes.serving.size() >= limit) {
			this.node.metrics.limitExceeded(Limit.MAX_REQUESTS_IN_FLIGHT);
			this.lifecycle.close(session, DisconnectReason.LIMIT_EXCEEDED, "more than " + limit
					+ " requests in flight from one peer (p2p.limits.max-requests-in-flight)");
			return false;
		}
		if (!session.envelopes.serving.add(id)) {
			this.lifecycle.close(session, DisconnectReason.PROTOCOL_ERROR,
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
		String violation = session.streams.received(session.streamHost, session, frame);
		if (violation == null) {
			return true;
		}
		this.lifecycle.rejected(session, frame.type(), RejectionReason.STREAM_VIOLATION, violation);
		this.lifecycle.close(session, DisconnectReason.PROTOCOL_ERROR, violation);
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
		this.lifecycle.close(session, DisconnectReason.PROTOCOL_ERROR, "two " + ControlCode.describe(frame.type())
				+ " frames without the application frame the first one announced");
		return false;
	}

	private static void addPending(List<Frame> application, @Nullable Frame envelope) {
		if (envelope != null) {
			application.add(envelope);
		}
	}

}
