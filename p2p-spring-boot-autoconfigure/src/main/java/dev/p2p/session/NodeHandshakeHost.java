package dev.p2p.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

import dev.p2p.event.DisconnectReason;
import dev.p2p.handshake.HandshakeHost;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SessionState;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.Frame;

/**
 * The node as the handshake sees it, and what becomes of the dials: a dial completes when its
 * session is established, fails when the handshake fails, and is answered by the kept session
 * when its connection lost to another one with the same peer (now, or when that session
 * becomes active within the handshake timeout).
 */
final class NodeHandshakeHost implements HandshakeHost<DefaultPeerSession> {

	private static final Log logger = LogFactory.getLog(NodeHandshakeHost.class);

	private final NodeContext node;

	private final SessionLifecycle lifecycle;

	/** Dials answered by a session that is still completing its handshake, by node id. */
	private final Map<String, List<DialRequest>> waiting = new ConcurrentHashMap<>();

	NodeHandshakeHost(NodeContext node, SessionLifecycle lifecycle) {
		this.node = node;
		this.lifecycle = lifecycle;
	}

	@Override
	public PeerIdentity identity() {
		return this.node.identity;
	}

	@Override
	public @Nullable NetworkKey networkKey() {
		return this.node.settings.getNetworkKey();
	}

	@Override
	public boolean usesTls() {
		return this.node.settings.getTls() != null;
	}

	@Override
	public Duration handshakeTimeout() {
		return this.node.settings.getHandshakeTimeout();
	}

	@Override
	public Duration helloTimeout() {
		Duration hello = this.node.settings.getHelloTimeout();
		Duration handshake = this.node.settings.getHandshakeTimeout();
		return (hello.compareTo(handshake) < 0) ? hello : handshake;
	}

	@Override
	public ScheduledExecutorService timers() {
		return this.node.threads().timers;
	}

	@Override
	public boolean announcesDelivery() {
		return this.node.announcesDelivery();
	}

	@Override
	public PeerMetrics metrics() {
		return this.node.metrics;
	}

	@Override
	public void publish(ApplicationEvent event) {
		this.node.publish(event);
	}

	@Override
	public Object eventSource() {
		return this.node.eventSource();
	}

	@Override
	public int activeCount() {
		return this.node.sessions.activeCount();
	}

	@Override
	public Activation activate(DefaultPeerSession session, Runnable beforeVisible) {
		// the HELLO has been judged: the slot is free before the ACCEPT lets the peer dial on
		this.node.handshakeEnded(session);
		PeerRegistry.Activation activation = this.node.sessions.activate(session, beforeVisible,
				(displaced) -> handOver(displaced, session));
		if (activation.gone()) {
			return Activation.GONE;
		}
		if (!activation.activated()) {
			return Activation.DUPLICATE;
		}
		DefaultPeerSession displaced = activation.displaced();
		if (displaced != null && displaced.upgrading && displaced.getState() == SessionState.ACTIVE) {
			// a hole punch replaces the session: its traffic moves over without loss or reorder
			PathSwitch.start(displaced, session);
		}
		else if (displaced != null && !displaced.handedOver) {
			this.lifecycle.close(displaced, DisconnectReason.DUPLICATE, "replaced by a newer connection "
					+ session.getLocalAddress() + " <-> " + session.getRemoteAddress());
		}
		return Activation.ACTIVATED;
	}

	/**
	 * A live session of the same peer instance gives its traffic to the session displacing it;
	 * with acknowledged delivery on, the delivery layer replays what the peer lacks instead.
	 */
	private void handOver(DefaultPeerSession displaced, DefaultPeerSession winner) {
		if (this.node.delivery == null && SessionHandover.applies(displaced, winner)) {
			String detail = "replaced by a newer connection " + winner.getLocalAddress() + " <-> "
					+ winner.getRemoteAddress();
			SessionHandover.start(displaced, winner, bye(detail, true), this.node.threads().writer, detail,
					this.node.settings.getSendTimeout());
		}
	}

	@Override
	public void closeAfter(DefaultPeerSession session, Frame last) {
		this.lifecycle.closeAfter(session, last);
	}

	@Override
	public Frame bye(String reason, boolean duplicate) {
		return this.lifecycle.bye(reason, duplicate);
	}

	@Override
	public void established(DefaultPeerSession session) {
		this.node.handshakeEnded(session);
		this.node.extensions().sessionActive(session);
		DialRequest request = session.dialRequest;
		if (request != null) {
			request.result.complete(session);
			if (request.dialer != null) {
				request.dialer.connected();
			}
		}
		List<DialRequest> pending = this.waiting.remove(session.getNodeId());
		if (pending != null) {
			pending.forEach((covered) -> answered(covered, session));
		}
	}

	@Override
	public void coveredElsewhere(DefaultPeerSession session, String nodeId) {
		DialRequest request = session.dialRequest;
		session.dialRequest = null;
		if (request == null) {
			return;
		}
		DefaultPeerSession existing = this.node.sessions.find(nodeId);
		if (existing != null) {
			answered(request, existing);
			return;
		}
		if (!this.node.sessions.hasOpenSessionWith(nodeId, session)) {
			// no session of this node's own covers the peer: the one the peer kept is the one this
			// node just closed (a goodbye it has not read yet), so waiting for it would be in vain
			long delay = request.redialDelayAfterDuplicate(this.node.settings.getHandshakeTimeout());
			if (delay < 0) {
				failed(request, "'" + nodeId + "' kept denying the connection as a duplicate of a session this node"
						+ " closed, for longer than the handshake timeout");
				return;
			}
			logger.info("Peer '" + nodeId + "' denied the connection as a duplicate of a session this node no longer"
					+ " has; dialling " + request.address() + " again" + ((delay > 0) ? " in " + delay + " ms" : ""));
			if (delay == 0) {
				this.node.redial(request);
			}
			else {
				this.node.threads().timers.schedule(() -> this.node.redial(request), delay, TimeUnit.MILLISECONDS);
			}
			return;
		}
		List<DialRequest> pending = this.waiting.computeIfAbsent(nodeId, (key) -> new CopyOnWriteArrayList<>());
		pending.add(request);
		// the kept session may have become active between the look-up above and the add
		DefaultPeerSession kept = this.node.sessions.find(nodeId);
		if (kept != null && pending.remove(request)) {
			answered(request, kept);
			return;
		}
		this.node.threads().timers.schedule(() -> {
			List<DialRequest> still = this.waiting.get(nodeId);
			if (still != null && still.remove(request)) {
				failed(request, "the connection to '" + nodeId + "' that was kept did not complete its handshake");
			}
		}, this.node.settings.getHandshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void handshakeFailed(DefaultPeerSession session, String reason) {
		DialRequest request = session.dialRequest;
		if (request != null) {
			failed(request, "Handshake with " + request.address + " " + reason);
		}
	}

	/**
	 * Fail every dial still waiting for a kept session (the node is stopping).
	 * @param reason why
	 */
	void failWaiting(String reason) {
		this.waiting.values().forEach((pending) -> pending.forEach((request) -> failed(request, reason)));
		this.waiting.clear();
	}

	private static void answered(DialRequest request, DefaultPeerSession session) {
		request.result.complete(session);
		if (request.dialer != null) {
			request.dialer.coveredBy(session.getNodeId());
		}
	}

	private static void failed(DialRequest request, String reason) {
		request.result.completeExceptionally(new PeerNotConnectedException(reason));
		if (request.dialer != null) {
			request.dialer.lost(reason, false);
		}
	}

}
