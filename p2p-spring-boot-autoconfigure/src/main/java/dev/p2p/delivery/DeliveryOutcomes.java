package dev.p2p.delivery;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.PacketsUndeliveredEvent;
import dev.p2p.event.SessionResumedEvent;
import dev.p2p.event.UndeliveredPacket;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.session.DefaultPeerSession;

/**
 * What acknowledged delivery tells the application about its packets and sessions: the futures
 * of acknowledged and given-up packets, the {@link SessionResumedEvent} and
 * {@link PacketsUndeliveredEvent}, the resumption, resend and duplicate metrics, and the log
 * lines that go with them.
 */
final class DeliveryOutcomes {

	private static final Log logger = LogFactory.getLog(DeliveryEngine.class);

	private final PeerMetrics metrics;

	private final ApplicationEventPublisher publisher;

	private final Object eventSource;

	DeliveryOutcomes(PeerMetrics metrics, ApplicationEventPublisher publisher, Object eventSource) {
		this.metrics = metrics;
		this.publisher = publisher;
		this.eventSource = eventSource;
	}

	/** The peer acknowledged these packets: their futures complete. */
	static void acknowledged(List<Outgoing> entries) {
		for (Outgoing entry : entries) {
			if (entry.acknowledged != null) {
				entry.acknowledged.complete(null);
			}
		}
	}

	void duplicateDropped() {
		this.metrics.duplicateDropped();
	}

	/** The peer's RESUME could not be honoured; the caller closes the connection. */
	void refused(DefaultPeerSession session, String reason) {
		this.metrics.sessionResumed("refused");
		logger.warn("Resumption with '" + session.getNodeId() + "' refused: " + reason
				+ "; the next connection starts a fresh session");
	}

	/** A connection's RESUME exchange ended and what the peer lacked was sent again. */
	void replayed(String nodeId, DefaultPeerSession session, boolean resumed, boolean first, int resent,
			List<Outgoing> lost, String detail) {
		if (!lost.isEmpty()) {
			gaveUp(nodeId, lost, "at-most-once packets written before the connection broke were not acknowledged");
		}
		if (first && resent == 0) {
			// a session's first connection resumes nothing
			return;
		}
		this.metrics.sessionResumed(resumed ? "resumed" : "fresh");
		if (resent > 0) {
			this.metrics.packetsResent(resent);
			logger.info("Session with '" + nodeId + "': " + detail + ", " + resent + " packets sent again");
		}
		publish(new SessionResumedEvent(this.eventSource, session, resumed, resent, detail));
	}

	/** A suspended session expired. */
	void expired() {
		this.metrics.sessionResumed("expired");
	}

	/** These packets will never be acknowledged: their futures fail and an event says which. */
	void gaveUp(String nodeId, List<Outgoing> entries, String reason) {
		List<UndeliveredPacket> packets = new ArrayList<>(entries.size());
		for (Outgoing entry : entries) {
			UndeliveredPacket packet = new UndeliveredPacket(entry.type, entry.position, entry.frame.payload());
			packets.add(packet);
			if (entry.acknowledged != null) {
				entry.acknowledged.completeExceptionally(
						new PacketsUndeliveredException(nodeId, List.of(packet), reason));
			}
		}
		logger.warn(packets.size() + " packets to '" + nodeId + "' not delivered: " + reason);
		publish(new PacketsUndeliveredEvent(this.eventSource, nodeId, packets, reason));
	}

	private void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

}
