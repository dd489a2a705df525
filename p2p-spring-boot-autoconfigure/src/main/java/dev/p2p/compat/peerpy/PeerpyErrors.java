package dev.p2p.compat.peerpy;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.RejectionReason;
import dev.p2p.session.AttachedSessions;

/**
 * Reports what a peerpy peer did wrong: a clear log line, the engine's event and meter
 * ({@code PacketRejectedEvent} or {@code PeerHandshakeFailedEvent}), and
 * {@code p2p.compat.refused{profile=peerpy,reason=<violation tag>}}.
 */
final class PeerpyErrors {

	private final AttachedSessions node;

	private final CompatMetrics metrics;

	PeerpyErrors(AttachedSessions node, CompatMetrics metrics) {
		this.node = node;
		this.metrics = metrics;
	}

	/** A DATA or header refused on an accepted connection. */
	void rejected(InetSocketAddress remote, @Nullable String peerName, PeerpyProtocolException ex) {
		this.metrics.refused(PeerpySettings.PROFILE, ex.getViolation().tag());
		this.node.rejected(remote, peerName, reasonOf(ex.getViolation()),
				"peerpy " + ex.getViolation().tag() + ": " + ex.getMessage());
	}

	/** A HELLO refused, or a handshake that failed. */
	void handshakeFailed(InetSocketAddress remote, @Nullable String peerName, boolean inbound,
			HandshakeFailure failure, String tag, String detail) {
		this.metrics.refused(PeerpySettings.PROFILE, tag);
		this.node.handshakeFailed(remote, peerName, inbound, failure, "peerpy " + tag + ": " + detail);
	}

	private static RejectionReason reasonOf(PeerpyViolation violation) {
		return switch (violation) {
			case PAYLOAD_TOO_LARGE -> RejectionReason.OVERSIZE;
			case TRUNCATED -> RejectionReason.TRUNCATED;
			default -> RejectionReason.DECODE_ERROR;
		};
	}

}
