package dev.p2p.relay;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.RelayRefusedEvent;
import dev.p2p.peer.PeerSession;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.security.LogThrottle;
import dev.p2p.session.NodeEngine;
import dev.p2p.transport.TlsSettings;
import dev.p2p.wire.Frame;

/**
 * What the relay's parts share: settings, the circuit table, metrics, where events go, and the
 * running node's engine; and the one way every refusal is reported (event, metric, a throttled
 * log line).
 */
final class RelayContext {

	private static final Log logger = LogFactory.getLog(RelayContext.class);

	final RelaySettings settings;

	final CircuitTable table = new CircuitTable();

	final RelayMetrics metrics;

	final String nodeId;

	/** TLS inside circuits, end to end ({@code p2p.ssl.bundle}), or {@code null}. */
	final @Nullable TlsSettings tls;

	private final ApplicationEventPublisher publisher;

	private final Object eventSource;

	private final LogThrottle refusalLog = new LogThrottle(RelayReason.values().length + 1, 1_000_000_000L);

	private volatile @Nullable NodeEngine engine;

	RelayContext(RelaySettings settings, RelayMetrics metrics, String nodeId, @Nullable TlsSettings tls,
			ApplicationEventPublisher publisher, Object eventSource) {
		this.settings = settings;
		this.tls = tls;
		this.metrics = metrics;
		this.nodeId = nodeId;
		this.publisher = publisher;
		this.eventSource = eventSource;
	}

	void started(@Nullable NodeEngine running) {
		this.engine = running;
	}

	NodeEngine engine() {
		NodeEngine running = this.engine;
		if (running == null) {
			throw new IllegalStateException("P2P node '" + this.nodeId + "' is not running");
		}
		return running;
	}

	boolean isRunning() {
		return this.engine != null;
	}

	/**
	 * Queue a frame on a hop without blocking (reader and timer threads).
	 * @return {@code false} if the hop is closing or its send queue is full
	 */
	boolean sendNow(PeerSession hop, Frame frame) {
		NodeEngine running = this.engine;
		return running != null && running.sender().sendNow(hop, frame);
	}

	/**
	 * Refuse a reservation (circuit 0) or circuit to a peer, and report it.
	 */
	void refuse(PeerSession peer, int circuitId, RelayReason reason, String detail) {
		// reported before the refusal leaves: whoever hears of it may look for the event
		report(reason, peer.getNodeId(), circuitId, detail, true);
		sendNow(peer, RelayFrames.refused(new RelayFrames.Refusal(circuitId, reason, detail)));
	}

	/**
	 * Report a refusal or a dropped frame: event, metric and at most one log line a second per
	 * reason (a peer flooding refusals must not flood the log).
	 */
	void report(RelayReason reason, @Nullable String peerNodeId, int circuitId, String detail, boolean local) {
		this.metrics.refused(reason);
		long heldBack = this.refusalLog.tryLog(reason.ordinal());
		if (heldBack >= 0) {
			logger.warn((local ? "Relay refused '" : "Relay refused this node's request to '") + peerNodeId
					+ "' (circuit " + Integer.toUnsignedString(circuitId) + ", " + reason.name().toLowerCase() + "): "
					+ detail + ((heldBack > 0) ? " (" + heldBack + " more of this kind not logged)" : ""));
		}
		publish(new RelayRefusedEvent(this.eventSource, reason, peerNodeId, circuitId, detail, local));
	}

	void publish(org.springframework.context.ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

}
