package dev.p2p.session;

import java.net.InetSocketAddress;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.security.LogThrottle;

/**
 * Reports rejected packets: a metric and an event for each, a warning for the first of each
 * kind per session (at most one a second from connections still in their handshake), DEBUG
 * lines for the rest, so a hostile peer cannot flood the log.
 */
final class PacketRejections {

	// the category these lines always had, which log configurations name
	private static final Log logger = LogFactory.getLog(SessionLifecycle.class);

	private final NodeContext node;

	private final LogThrottle handshakeRejectionLog = new LogThrottle(RejectionReason.values().length,
			1_000_000_000L);

	PacketRejections(NodeContext node) {
		this.node = node;
	}

	/**
	 * Count, log and publish a rejected packet; the session stays open.
	 */
	void report(DefaultPeerSession session, int typeCode, RejectionReason reason, String detail) {
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
