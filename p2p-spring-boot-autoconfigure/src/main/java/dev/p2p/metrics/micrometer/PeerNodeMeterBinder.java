package dev.p2p.metrics.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;

/**
 * Gauges of a running node: established sessions and the bytes waiting in their send queues.
 * Read when the registry is scraped, so they cost nothing on the data path.
 */
public class PeerNodeMeterBinder implements MeterBinder {

	/** Established sessions. */
	public static final String CONNECTIONS_ACTIVE = "p2p.connections.active";

	/** Bytes queued for sending, over all sessions. */
	public static final String SEND_QUEUE = "p2p.send.queue";

	/** Established sessions by path ({@code direct} or {@code relayed}). */
	public static final String SESSIONS = "p2p.sessions";

	private final PeerNode node;

	/**
	 * Bind the gauges of a node.
	 * @param node the node
	 */
	public PeerNodeMeterBinder(PeerNode node) {
		this.node = node;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(CONNECTIONS_ACTIVE, this.node, (node) -> node.getSessions().size())
			.description("Established peer sessions")
			.baseUnit("connections")
			.register(registry);
		for (SessionPath path : SessionPath.values()) {
			Gauge.builder(SESSIONS, this.node, (node) -> node.getSessions().stream().filter((s) -> s.path() == path).count())
				.tag("path", path.tag())
				.description("Established peer sessions by path")
				.register(registry);
		}
		Gauge.builder(SEND_QUEUE, this.node, PeerNodeMeterBinder::queuedBytes)
			.description("Bytes waiting in the send queues of all sessions")
			.baseUnit("bytes")
			.register(registry);
	}

	private static double queuedBytes(PeerNode node) {
		long total = 0;
		for (PeerSession session : node.getSessions()) {
			total += session.getQueuedBytes();
		}
		return total;
	}

}
