package dev.p2p.session;

import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.Limit;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeExchange;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SessionState;
import dev.p2p.transport.Connection;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameTooLargeException;
import dev.p2p.wire.TruncatedFrameException;

/**
 * The end of a connection: the registry and the connection gate forget it, queued and received
 * frames are dropped (after a bounded grace when the peer said goodbye), waiting requests and
 * streams fail, and the end is reported as a failed handshake or a disconnect, with what it
 * means for the dial that opened it.
 */
final class SessionTeardown {

	private static final Log logger = LogFactory.getLog(SessionTeardown.class);

	/** How long listeners may still handle what a peer sent before its goodbye. */
	static final long RECEIVE_GRACE_MILLIS = 10_000;

	private final NodeContext node;

	private final SessionLifecycle lifecycle;

	private final HandshakeExchange<DefaultPeerSession> handshake;

	SessionTeardown(NodeContext node, SessionLifecycle lifecycle, HandshakeExchange<DefaultPeerSession> handshake) {
		this.node = node;
		this.lifecycle = lifecycle;
		this.handshake = handshake;
	}

	/**
	 * A connection closed: release what it held, fail what waited on it, and report its end.
	 * @param connection the closed connection
	 */
	void closed(Connection connection) {
		DefaultPeerSession session = (DefaultPeerSession) connection.attachment();
		if (session == null) {
			return;
		}
		PeerRegistry.Closed closed = this.node.sessions.closed(session);
		if (session.admitted) {
			session.admitted = false;
			this.node.handshakeEnded(session);
			this.node.gate.release(session.getRemoteAddress().getAddress());
		}
		SessionState previous = closed.previous();
		boolean wasCurrent = closed.wasCurrent();
		session.cancelHandshakeTimer();
		int dropped = session.outbox.discard();
		int undelivered;
		if (SessionHandover.closed(session)) {
			// displaced by a newer connection: what it brought is handled first, within the grace
			undelivered = finishReceiving(session);
		}
		else if (session.switchedIn.isDone()) {
			// a path switch: the listeners handle everything the old path brought, the new path waits for them
			session.inbox.finish();
			undelivered = 0;
		}
		else {
			undelivered = (session.closeReason == DisconnectReason.CLOSED_BY_PEER) ? finishReceiving(session)
					: session.inbox.discard();
		}
		// a request is bound to its connection: with acknowledged delivery, the session resumes but the request does not
		// (the failure is made only when a request waits: under a flood of hostile connections, filling in
		// its stack trace was a sixth of closing each one on the event loop, perf)
		if (session.requests.size() > 0) {
			session.requests.failAll(new PeerNotConnectedException("Peer " + session.getNodeId()
					+ " disconnected before replying" + (session.isDeliveryAgreed()
							? ": requests are not resumed with the session (acknowledged delivery covers plain packets"
									+ " and streams), so send it again once the peer is back"
							: "")));
		}
		Throwable cause = connection.closeCause();
		if (cause instanceof FrameDecodingException decoding) {
			if (decoding instanceof FrameTooLargeException tooLarge) {
				this.node.metrics.limitExceeded(Limit.MAX_PAYLOAD_SIZE);
				this.lifecycle.rejected(session, tooLarge.getType(), RejectionReason.OVERSIZE, decoding.getMessage());
			}
			else {
				int type = (decoding instanceof TruncatedFrameException truncated) ? truncated.getType() : 0;
				this.lifecycle.rejected(session, type, RejectionReason.TRUNCATED, decoding.getMessage());
			}
		}
		if (session.closeReason == null) {
			session.closeReason = reasonOf(cause);
		}
		if (session.closeDetail.isEmpty()) {
			session.closeDetail = detailOf(cause);
		}
		String ended = session.closeReason.tag() + ": " + session.closeDetail;
		if (session.isDeliveryAgreed()) {
			// a session this node did not close may resume, and its resumable streams with it
			boolean mayResume = session.closeReason != DisconnectReason.SHUTDOWN
					&& session.closeReason != DisconnectReason.CLOSED_BY_APPLICATION;
			this.node.streamCarry.ended(session.getNodeId(), session.streams, mayResume, ended);
		}
		else {
			session.streams.closeAll(session.getNodeId(), ended);
		}
		this.node.metrics.sessionClosed(session);
		if (previous == SessionState.HANDSHAKING && !session.dialBackProbe) {
			// (a dial-back probe's connection is no failed handshake: it only checked reachability)
			this.handshake.ended(session, cause);
		}
		else if (previous != SessionState.HANDSHAKING) {
			sessionEnded(session, wasCurrent);
		}
		this.node.extensions().sessionEnded(session, session.closeReason.tag() + ": " + session.closeDetail);
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
		session.inbox.finish();
		if (session.inbox.allHandled()) {
			return 0;
		}
		try {
			this.node.threads().timers.schedule(() -> {
				int undelivered = session.inbox.discard();
				if (undelivered > 0) {
					logger.warn("Peer '" + session.getNodeId() + "': " + undelivered + " received frames were not handled"
							+ " within " + RECEIVE_GRACE_MILLIS + " ms of its goodbye and were dropped");
				}
			}, RECEIVE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
			return 0;
		}
		catch (RuntimeException ex) {
			// the node is stopping: no timer to bound the grace, so no grace
			return session.inbox.discard();
		}
	}

	private static DisconnectReason reasonOf(@Nullable Throwable cause) {
		if (cause == null) {
			return DisconnectReason.CLOSED_BY_PEER;
		}
		return (cause instanceof FrameDecodingException) ? DisconnectReason.PROTOCOL_ERROR : DisconnectReason.IO_ERROR;
	}

	private static String detailOf(@Nullable Throwable cause) {
		if (cause == null) {
			return "connection closed by peer";
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
