package dev.p2p.handshake;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.LogThrottle;
import dev.p2p.wire.FrameDecodingException;

/**
 * The report of a handshake that ended without a session: tells what failed (from what the
 * exchange recorded, the state of the key exchange, or the cause of the close, a TLS mismatch
 * explained in words), counts it, logs it without flooding, publishes
 * {@link PeerHandshakeFailedEvent} and lets the engine forget the session.
 *
 * @param <S> the engine's session type
 */
final class HandshakeFailures<S extends HandshakeSession> {

	// the exchange's log category, as before this class was split off
	private static final Log logger = LogFactory.getLog(HandshakeExchange.class);

	private final HandshakeHost<S> node;

	/** At most one warning per kind of failure and second: hostile connections come in floods. */
	private final LogThrottle failureLog = new LogThrottle(HandshakeFailure.values().length, 1_000_000_000L);

	private final TlsMismatches tlsMismatches = new TlsMismatches();

	HandshakeFailures(HandshakeHost<S> node) {
		this.node = node;
	}

	void ended(S session, @Nullable Throwable cause) {
		HandshakeFailure failure = session.handshakeFailure();
		if (failure == null && session.closeReason() == DisconnectReason.DUPLICATE) {
			return; // not a failure: the peer is connected through another session
		}
		KeyExchange exchange = session.keyExchange();
		if (failure == null && exchange != null && exchange.hello != null && !isTls(cause)) {
			// the dialer left after this node's CHALLENGE: it could not verify the proof
			failure = HandshakeFailure.UNAUTHENTICATED;
			session.closeDetail("the peer closed the connection after the CHALLENGE instead of proving the network key"
					+ " (it has another key, or none)");
		}
		String mismatch = (failure == null) ? this.tlsMismatches.describe(session.getDirection(),
				session.getRemoteAddress(), cause, this.node.usesTls()) : null;
		if (mismatch != null) {
			failure = HandshakeFailure.TLS;
			session.closeDetail(mismatch);
		}
		if (failure == null) {
			failure = (cause instanceof FrameDecodingException) ? HandshakeFailure.MALFORMED
					: isTls(cause) ? HandshakeFailure.TLS : HandshakeFailure.CONNECTION_LOST;
		}
		String detail = session.closeDetail();
		boolean inbound = session.getDirection() == Direction.INBOUND;
		this.node.metrics().handshakeFailed(failure);
		if (mismatch != null) {
			if (this.tlsMismatches.firstFor(session.getDirection(), session.getRemoteAddress())) {
				logger.warn("TLS mismatch: " + mismatch + " (further such failures with this peer are logged at DEBUG)");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("TLS mismatch: " + mismatch);
			}
		}
		else {
			logThrottled(failure, inbound, session.getRemoteAddress(), detail);
		}
		PeerIdentity peer = session.getIdentity();
		this.node.publish(new PeerHandshakeFailedEvent(this.node.eventSource(), session.getRemoteAddress(),
				(peer != null) ? peer.nodeId() : null, inbound, failure, detail));
		this.node.handshakeFailed(session, "failed (" + failure.tag() + "): " + detail);
	}

	/**
	 * An inbound connection refused by a limit when it was accepted, before it had a session:
	 * counted, logged and published as the failure ({@code limit-exceeded}) it would have been
	 * with one.
	 * @param remote the refused connection's address
	 * @param detail the limit's reason
	 */
	void refusedOnAccept(InetSocketAddress remote, String detail) {
		this.node.metrics().handshakeFailed(HandshakeFailure.LIMIT_EXCEEDED);
		logThrottled(HandshakeFailure.LIMIT_EXCEEDED, true, remote, detail);
		this.node.publish(new PeerHandshakeFailedEvent(this.node.eventSource(), remote, null, true,
				HandshakeFailure.LIMIT_EXCEEDED, detail));
	}

	private void logThrottled(HandshakeFailure failure, boolean inbound, InetSocketAddress remote, String detail) {
		long heldBack = this.failureLog.tryLog(failure.ordinal());
		if (heldBack >= 0) {
			logger.warn("Handshake with " + (inbound ? "" : "peer at ") + remote + " failed (" + failure.tag() + "): "
					+ detail + ((heldBack > 0)
							? " (" + heldBack + " more " + failure.tag() + " failures since the last such line)" : ""));
		}
	}

	private static boolean isTls(@Nullable Throwable cause) {
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (current instanceof SSLException) {
				return true;
			}
		}
		return false;
	}

}
