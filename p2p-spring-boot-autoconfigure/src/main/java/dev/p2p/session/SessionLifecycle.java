package dev.p2p.session;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeExchange;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.membership.BuiltInCommands;
import dev.p2p.membership.Heartbeat;
import dev.p2p.peer.Direction;
import dev.p2p.peer.SessionState;
import dev.p2p.request.RequestReplies;
import dev.p2p.security.AllowList;
import dev.p2p.security.ConnectionGate;
import dev.p2p.transport.Connection;
import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Turns connections into sessions and back: creates a session per connection, hands it to the
 * {@link HandshakeExchange}, routes frames (control frames to the handshake or here, application
 * frames to the session's listener queue), closes sessions, and reports every ending with the
 * right event.
 */
public final class SessionLifecycle implements ConnectionHandler {

	private static final Log logger = LogFactory.getLog(SessionLifecycle.class);

	private final NodeContext node;

	private final HandshakeCodec codec = new HandshakeCodec();

	private final HandshakeExchange<DefaultPeerSession> handshake;

	private final NodeHandshakeHost handshakeHost;

	private final SessionTeardown teardown;

	private final RequestReplies<DefaultPeerSession> replies;

	private final PacketRejections rejections;

	private final Heartbeat<DefaultPeerSession> heartbeat;

	private final ControlFrames controlFrames;

	private final InboundRouter router;

	private final FrameIntake intake;

	private final DenyFrames denials;

	SessionLifecycle(NodeContext node) {
		this.node = node;
		this.denials = new DenyFrames(this.codec);
		this.handshakeHost = new NodeHandshakeHost(node, this);
		this.handshake = new HandshakeExchange<>(this.handshakeHost, node.handshakePolicy, this.codec,
				new AllowList(node.settings.getAllowedPeers(), node.settings.getAllowedCertificates()));
		this.teardown = new SessionTeardown(node, this, this.handshake);
		this.rejections = new PacketRejections(node);
		NodeMembershipHost host = new NodeMembershipHost(node, this);
		this.replies = new RequestReplies<>(host);
		this.heartbeat = new Heartbeat<>(host, node.metrics, node.settings.getHeartbeatTimeout());
		this.controlFrames = new ControlFrames(node, this, this.handshake, this.heartbeat,
				new BuiltInCommands<>(host, this.replies), this.codec);
		this.router = new InboundRouter(node);
		this.intake = new FrameIntake(node, this, this.handshake, this.replies);
	}

	/** Ping every session and close the silent ones (scheduled by the node). */
	void heartbeat() {
		this.heartbeat.beat();
	}

	/**
	 * Close the sessions silent for longer than the heartbeat timeout (scheduled by the node).
	 * @return milliseconds until the next session could time out
	 */
	long checkSilence() {
		return this.heartbeat.checkSilence();
	}

	// ---- connection opened

	@Override
	public void connectionOpened(Connection connection) {
		Direction direction = connection.isInbound() ? Direction.INBOUND : Direction.OUTBOUND;
		PeerNodeSettings settings = this.node.settings;
		ConnectionGate.Violation violation = null;
		boolean admitted = false;
		if (direction == Direction.INBOUND && this.node.isAcceptingConnections()) {
			violation = admit(connection);
			admitted = violation == null;
			if (violation != null && settings.getTls() == null) {
				refuseOnAccept(connection, violation);
				return;
			}
		}
		DefaultPeerSession session = new DefaultPeerSession(connection, direction,
				new QueueLimits(settings.getSendQueueCapacity(), settings.getSendQueuePackets()),
				settings.getSendTimeout().toNanos(),
				new QueueLimits(settings.getReceiveQueueCapacity(), settings.getReceiveQueuePackets()),
				this.node.threads().writer, this.node.threads().listener,
				this.router::route,
				(code) -> code == ControlCode.TRACE || this.node.packetHandler.handlesInline(code), this.node.metrics, settings.getStreams(),
				(created) -> new NodeStreamHost(this.node, created));
		if (direction == Direction.OUTBOUND) {
			session.dialRequest = DialRequest.CURRENT.get();
		}
		if (admitted) {
			// from here the teardown gives back the gate's count and the handshaking slot
			session.admitted = true;
			this.node.handshakeSlots.admitted(session);
		}
		connection.attach(session);
		this.node.sessions.opened(session);
		if (!this.node.isAcceptingConnections()) {
			close(session, DisconnectReason.SHUTDOWN, "node is stopping");
			return;
		}
		if (violation != null) {
			// with TLS, a write here would first run the TLS handshake on this (accepting) thread:
			// the DENY goes through the session's writer instead
			connection.skipReading();
			this.handshake.refuse(session, violation.detail());
			return;
		}
		try {
			if (settings.getHandshakeMode() == HandshakeMode.NONE) {
				this.handshake.activateWithoutHandshake(session);
			}
			else {
				this.handshake.start(session);
			}
		}
		catch (RuntimeException ex) {
			// (a timer refusing the handshake timeout while the node stops, say): close through this
			// lifecycle, so the connection limits give back what the session took
			logger.warn("Connection from " + session.getRemoteAddress() + " could not start its handshake", ex);
			close(session, DisconnectReason.SHUTDOWN, "could not start the handshake: " + ex.getMessage());
		}
	}

	/**
	 * The connection gate's decision on an inbound connection, before a byte is read; when every
	 * handshaking slot is taken, the oldest handshake may give its slot to this one.
	 * @return {@code null} if admitted (counted as open and handshaking), else the violation
	 */
	private ConnectionGate.@Nullable Violation admit(Connection connection) {
		ConnectionGate gate = this.node.gate;
		DefaultPeerSession[] evicted = new DefaultPeerSession[1];
		ConnectionGate.Violation violation = gate.admit(connection.remoteAddress().getAddress(), () -> {
			evicted[0] = this.node.handshakeSlots.evictOldest(gate);
			return evicted[0] != null;
		});
		if (evicted[0] != null) {
			this.node.metrics.limitExceeded(Limit.MAX_HANDSHAKING);
			this.handshake.fail(evicted[0], HandshakeFailure.TIMEOUT, "no complete handshake within "
					+ (System.nanoTime() - evicted[0].handshakeAdmittedNanos) / 1_000_000 + " ms while all "
					+ "p2p.limits.max-handshaking slots were taken: the slot went to a newer connection");
		}
		if (violation != null) {
			this.node.metrics.limitExceeded(violation.limit());
		}
		return violation;
	}

	/**
	 * Refuse a plaintext connection the gate did not admit without making it a session: under a
	 * flood of such connections, a session (its queues, the registry, the teardown) and a DENY
	 * encoded anew for each would be most of what the node spends. The DENY is written at once
	 * on this thread (a fresh connection's empty socket buffer takes a small frame without
	 * blocking), the connection closes, and the refusal is counted, logged (throttled) and
	 * published as before.
	 */
	private void refuseOnAccept(Connection connection, ConnectionGate.Violation violation) {
		connection.skipReading();
		writeLastAndClose(connection, this.denials.deny(violation.detail(), this.node.getNodeId()));
		this.handshake.refusedOnAccept(connection.remoteAddress(), violation.detail());
	}

	/**
	 * Write a connection's last frame on this thread, then close it: for a fresh connection,
	 * whose empty socket buffer takes a small frame without blocking, so that no writer thread or
	 * timer is spent per refused connection, however many a flood brings.
	 */
	private static void writeLastAndClose(Connection connection, Frame last) {
		try {
			connection.write(List.of(last));
		}
		catch (RuntimeException ex) {
			// the peer left already; closing is all that is left to do
		}
		connection.close();
	}

	// ---- frames

	@Override
	public void framesReceived(Connection connection, InboundFrames frames) {
		DefaultPeerSession session = (DefaultPeerSession) connection.attachment();
		if (session == null) {
			return;
		}
		this.intake.received(session, frames);
		if (frames.failure() != null) {
			connection.close(frames.failure());
		}
	}

	// ---- closing

	/**
	 * Close a session, saying goodbye first when it is established.
	 */
	void close(DefaultPeerSession session, DisconnectReason reason, String detail) {
		if (session.closeReason == null) {
			session.closeReason = reason;
			session.closeDetail = detail;
		}
		// a timed-out peer reads nothing: a goodbye would only delay the close by its grace period
		if (session.getState() == SessionState.ACTIVE && speaksControlFrames() && reason != DisconnectReason.TIMEOUT) {
			session.setState(SessionState.CLOSING);
			closeAfter(session, bye(detail, reason == DisconnectReason.DUPLICATE));
		}
		else {
			session.connection().close();
		}
	}

	Frame bye(String reason, boolean duplicate) {
		return new Frame(ControlCode.BYE, this.codec.writeReason(reason, this.node.getNodeId(), duplicate));
	}

	/** Peers in handshake mode none are plain dpea-p2p peers: they get no control frames. */
	private boolean speaksControlFrames() {
		return this.node.settings.getHandshakeMode() == HandshakeMode.HELLO;
	}

	/** Queue a last frame, then close once it is written (or after a short grace period). */
	void closeAfter(DefaultPeerSession session, Frame last) {
		if (endsHandshakeInline(session)) {
			writeLastAndClose(session.connection(), last);
			return;
		}
		CompletableFuture<Void> written = new CompletableFuture<>();
		if (!session.outbox.enqueueLast(last, written)) {
			session.connection().close();
			return;
		}
		written.whenComplete((ignored, ex) -> session.connection().close());
		this.node.threads().timers.schedule(() -> session.connection().close(), 1, TimeUnit.SECONDS);
	}

	/**
	 * Whether the last frame of an admitted inbound connection still in its handshake (its DENY)
	 * is written by the calling thread, its reader: nothing else is queued or being written (the
	 * outbox is sealed here if so), and the transport writes without waiting. A hostile
	 * handshake then costs no writer hand-off and no timer.
	 */
	private boolean endsHandshakeInline(DefaultPeerSession session) {
		return session.admitted && session.getDirection() == Direction.INBOUND
				&& session.getState() == SessionState.HANDSHAKING && session.connection().canWriteWithoutWaiting()
				&& session.outbox.sealIfIdle();
	}

	/**
	 * Say goodbye to every session, wait for queued frames to leave, then close them all.
	 */
	void closeAll(Duration timeout) {
		this.handshakeHost.failWaiting("node '" + this.node.getNodeId() + "' is stopping");
		Collection<DefaultPeerSession> open = this.node.sessions.openSessions();
		for (DefaultPeerSession session : open) {
			session.closeReason = DisconnectReason.SHUTDOWN;
			session.closeDetail = "node '" + this.node.getNodeId() + "' is stopping";
			if (session.getState() == SessionState.ACTIVE && speaksControlFrames()) {
				session.setState(SessionState.CLOSING);
				session.outbox.enqueueLast(bye(session.closeDetail, false), new CompletableFuture<>());
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (DefaultPeerSession session : open) {
			try {
				if (!session.outbox.awaitSent(Math.max(0, deadline - System.nanoTime()))) {
					logger.warn("Peer '" + session.getNodeId() + "': " + session.getQueuedBytes()
							+ " queued bytes not sent within the shutdown timeout of " + timeout.toMillis() + " ms");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		open.forEach((session) -> session.connection().close());
	}

	/**
	 * Handle a control frame: those of an extension's range (the relay) on an established
	 * session go to the extension, the others to the engine's own handling.
	 * @return {@code false} if the connection is closing and further frames are to be ignored
	 */
	boolean controlFrame(DefaultPeerSession session, Frame frame) {
		SessionExtension extension = (session.getState() == SessionState.HANDSHAKING) ? null
				: this.node.extensions().forCode(frame.type());
		return (extension != null) ? extension.controlFrame(session, frame) : this.controlFrames.handle(session, frame);
	}

	@Override
	public void connectionClosed(Connection connection) {
		this.teardown.closed(connection);
	}

	// ---- rejections

	void rejected(DefaultPeerSession session, int typeCode, RejectionReason reason, String detail) {
		this.rejections.report(session, typeCode, reason, detail);
	}

}
