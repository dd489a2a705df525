package dev.p2p.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PacketsUndeliveredEvent;
import dev.p2p.event.SessionResumedEvent;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionState;
import dev.p2p.session.DefaultPeerSession;
import dev.p2p.session.DeliveryHook;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.SessionExtension;
import dev.p2p.session.SessionSender;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Acknowledged delivery on a node (docs/PROTOCOL.md §16): one {@link PeerDelivery} per peer
 * whose handshake agreed on it, kept while its connection is lost until
 * {@code p2p.delivery.session-expiry}; the ACK and RESUME frames; acknowledgements on a timer;
 * and the events and metrics of resumptions and of packets given up.
 */
public final class DeliveryEngine implements SessionExtension, DeliveryHook {

	private static final Log logger = LogFactory.getLog(DeliveryEngine.class);

	private final DeliverySettings settings;

	private final PacketTypeRegistry packetTypes;

	private final DeliveryOutcomes outcomes;

	private final Map<String, PeerDelivery> peers = new ConcurrentHashMap<>();

	private volatile @Nullable SessionSender sender;

	private volatile @Nullable ExecutorService executor;

	private volatile @Nullable ScheduledFuture<?> ticks;

	/**
	 * Create the engine; register it on the node with {@code PeerNode#addExtension}.
	 * @param settings {@code p2p.delivery.*}
	 * @param packetTypes the packet types (modes are per type name)
	 * @param metrics counts resends, duplicates and resumptions
	 * @param publisher receives {@link SessionResumedEvent} and {@link PacketsUndeliveredEvent}
	 * @param eventSource the source of those events (the node)
	 */
	public DeliveryEngine(DeliverySettings settings, PacketTypeRegistry packetTypes, PeerMetrics metrics,
			ApplicationEventPublisher publisher, Object eventSource) {
		this.settings = settings;
		this.packetTypes = packetTypes;
		this.outcomes = new DeliveryOutcomes(PeerMetrics.guard(metrics), publisher, eventSource);
	}

	// ---- extension

	@Override
	public boolean handles(int code) {
		return ControlCode.isDelivery(code);
	}

	@Override
	public void started(NodeEngine engine) {
		this.sender = engine.sender();
		AtomicInteger count = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "p2p-delivery-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(10, Math.min(this.settings.ackInterval().toMillis(), 1000));
		this.ticks = engine.timers().scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stopping() {
		ScheduledFuture<?> running = this.ticks;
		if (running != null) {
			running.cancel(false);
		}
		ExecutorService tasks = this.executor;
		if (tasks != null) {
			tasks.shutdown();
		}
	}

	@Override
	public void sessionActive(PeerSession session) {
		if (session instanceof DefaultPeerSession agreed && agreed.isDeliveryAgreed()) {
			activate(agreed);
		}
	}

	/**
	 * The peer's delivery state, with this connection as its current one. A session is visible
	 * to senders, and its reader runs, a moment before {@link #sessionActive} is called: a
	 * packet sent or a RESUME received in that moment activates it here first, so that the
	 * packet is positioned (not written ahead of this side's RESUME) and the RESUME is decided on.
	 */
	private PeerDelivery activate(DefaultPeerSession session) {
		PeerDelivery peer = this.peers.compute(session.getNodeId(),
				(nodeId, known) -> (known == null || known.expired) ? new PeerDelivery(nodeId, this, this.settings)
						: known);
		peer.activated(session);
		return peer;
	}

	/** The peer's delivery state for a packet or control frame on {@code session}, activated if it is new. */
	private @Nullable PeerDelivery peerOf(DefaultPeerSession session) {
		PeerDelivery peer = this.peers.get(session.getNodeId());
		if (session.isDeliveryAgreed() && session.getState() == SessionState.ACTIVE
				&& (peer == null || !peer.wasActivated(session))) {
			return activate(session);
		}
		return peer;
	}

	@Override
	public void sessionEnded(PeerSession session, String detail) {
		if (!(session instanceof DefaultPeerSession agreed) || !agreed.isDeliveryAgreed()) {
			return;
		}
		PeerDelivery peer = this.peers.get(session.getNodeId());
		if (peer == null) {
			return;
		}
		peer.ended(agreed);
		DisconnectReason reason = agreed.closeReason();
		if (peer.isSuspended()
				&& (reason == DisconnectReason.SHUTDOWN || reason == DisconnectReason.CLOSED_BY_APPLICATION)) {
			// this node ended it: nobody will resume it
			expire(peer, "the session was closed by this node (" + detail + ")");
		}
	}

	@Override
	public boolean controlFrame(PeerSession session, Frame frame) {
		PeerDelivery peer = (session instanceof DefaultPeerSession agreed) ? peerOf(agreed) : null;
		if (!(session instanceof DefaultPeerSession agreed) || !agreed.isDeliveryAgreed() || peer == null) {
			sender().closeForProtocolError(session, ControlCode.describe(frame.type())
					+ " on a session that did not agree on acknowledged delivery");
			return false;
		}
		try {
			if (frame.type() == ControlCode.RESUME) {
				return peer.peerResumed(agreed, DeliveryFrames.readResume(frame.payload()));
			}
			return peer.peerAcknowledged(agreed, DeliveryFrames.readAck(frame.payload()));
		}
		catch (IllegalArgumentException ex) {
			sender().closeForProtocolError(session, "malformed " + ControlCode.describe(frame.type()) + ": "
					+ ex.getMessage());
			return false;
		}
	}

	// ---- hook

	@Override
	public boolean announces() {
		return this.settings.active();
	}

	@Override
	public void send(DefaultPeerSession session, @Nullable Frame trace, Frame frame,
			@Nullable CompletableFuture<Void> written, long timeoutNanos, boolean mayWriteInline) {
		Enum<?> type = this.packetTypes.typeOf(frame.type());
		PeerDelivery peer = (type != null) ? peerOf(session) : null;
		if (type == null || peer == null) {
			sender().write(session, trace, frame, written, timeoutNanos, mayWriteInline);
			return;
		}
		if (!peer.send(session, trace, frame, type, this.settings.modeOf(type), written, timeoutNanos,
				mayWriteInline)) {
			throw new PeerNotConnectedException("Peer " + session.getNodeId() + " is not connected: cannot send");
		}
	}

	@Override
	public boolean sendSuspended(String nodeId, Frame frame, @Nullable CompletableFuture<Void> written,
			long timeoutNanos) {
		Enum<?> type = this.packetTypes.typeOf(frame.type());
		PeerDelivery peer = this.peers.get(nodeId);
		if (type == null || peer == null || !this.settings.modeOf(type).isReliable()) {
			return false;
		}
		return peer.send(null, null, frame, type, this.settings.modeOf(type), written, timeoutNanos, true);
	}

	@Override
	public boolean keepsStreams(Enum<?> type) {
		return this.settings.modeOf(type).isReliable();
	}

	@Override
	public void received(DefaultPeerSession session, Enum<?> type, int size, Runnable handling) {
		PeerDelivery peer = this.peers.get(session.getNodeId());
		if (peer == null) {
			handling.run();
			return;
		}
		switch (peer.inbound.receive(session, this.settings.modeOf(type) == DeliveryMode.EXACTLY_ONCE, size,
				handling)) {
			case DUPLICATE -> this.outcomes.duplicateDropped();
			case STALE -> {
				if (peer.isCurrent(session)) {
					// a packet before the RESUME exchange: counting it or not would shift every position after it
					sender().closeForProtocolError(session, "an application packet before the RESUME exchange completed");
				}
				else {
					logger.debug("Dropped a packet of an old connection of '" + peer.nodeId + "'");
				}
			}
			// the count threshold is checked at the end of the read batch (routed)
			case HANDLED -> {
				if (peer.inbound.dueInBatch(this.settings.ackThreshold())) {
					peer.acknowledge(1);
				}
			}
		}
	}

	@Override
	public void routed(DefaultPeerSession session) {
		PeerDelivery peer = this.peers.get(session.getNodeId());
		if (peer != null) {
			peer.acknowledge(this.settings.ackThreshold());
		}
	}

	// ---- what the actuator and metrics read

	/**
	 * Packets each peer has not acknowledged yet, suspended sessions included.
	 * @return count by node id
	 */
	public Map<String, Integer> unacknowledged() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.peers.forEach((nodeId, peer) -> counts.put(nodeId, peer.buffer.packets()));
		return counts;
	}

	/**
	 * Bytes in the replay buffers of all peers.
	 * @return the sum
	 */
	public long replayBufferBytes() {
		return this.peers.values().stream().mapToLong((peer) -> peer.buffer.bytes()).sum();
	}

	/**
	 * Peers whose session is suspended: connection lost, not expired yet.
	 * @return their node ids
	 */
	public List<String> suspended() {
		return this.peers.values().stream().filter(PeerDelivery::isSuspended).map((peer) -> peer.nodeId).toList();
	}

	// ---- for PeerDelivery

	DeliverySettings settings() {
		return this.settings;
	}

	SessionSender sender() {
		SessionSender current = this.sender;
		if (current == null) {
			throw new IllegalStateException("acknowledged delivery is not started");
		}
		return current;
	}

	void execute(Runnable task) {
		ExecutorService tasks = this.executor;
		try {
			if (tasks != null) {
				tasks.execute(task);
			}
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Node stopping: a resumption step was not run");
		}
	}

	DeliveryOutcomes outcomes() {
		return this.outcomes;
	}

	void refused(DefaultPeerSession session, String reason) {
		this.outcomes.refused(session, reason);
		sender().closeForProtocolError(session, reason);
	}

	private void tick() {
		long now = System.nanoTime();
		long expiry = this.settings.sessionExpiry().toNanos();
		for (PeerDelivery peer : this.peers.values()) {
			try {
				peer.acknowledge(1);
				long since = peer.suspendedSince;
				if (peer.isSuspended() && since >= 0 && now - since >= expiry) {
					expire(peer, "not resumed within p2p.delivery.session-expiry ("
							+ this.settings.sessionExpiry().toMillis() + " ms)");
				}
			}
			catch (RuntimeException ex) {
				logger.error("Acknowledged delivery: tick for '" + peer.nodeId + "' failed", ex);
			}
		}
	}

	private void expire(PeerDelivery peer, String reason) {
		synchronized (peer) {
			if (peer.expired) {
				return;
			}
			peer.expired = true;
		}
		this.peers.remove(peer.nodeId, peer);
		this.outcomes.expired();
		sender().streamResumption().expired(peer.nodeId, reason);
		List<Outgoing> kept = peer.buffer.close();
		if (!kept.isEmpty()) {
			this.outcomes.gaveUp(peer.nodeId, kept, reason);
		}
	}

}
