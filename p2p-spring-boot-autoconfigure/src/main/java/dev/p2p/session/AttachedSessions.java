package dev.p2p.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.PeerOffer;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.Frame;

/**
 * The engine's side of {@link AttachedSession}s: the sessions other protocols run, kept next
 * to the native ones so that lookups, sending, events, metrics and listeners treat them alike.
 * One attached session per node id; a newer one with the same id replaces the older (as
 * peerpy itself keys its connections by name).
 */
public final class AttachedSessions {

	private static final Log logger = LogFactory.getLog(AttachedSessions.class);

	private final NodeContext node;

	private final Map<String, AttachedSession> sessions = new ConcurrentHashMap<>();

	AttachedSessions(NodeContext node) {
		this.node = node;
	}

	/**
	 * Run the node's handshake checks and {@code HandshakeInterceptor}s on an offer.
	 * @param offer the peer's offer
	 * @return the decision
	 */
	public HandshakeDecision judge(PeerOffer offer) {
		return this.node.handshakePolicy.judge(offer);
	}

	/**
	 * Established sessions, native and attached, for offers' {@code activeSessions}.
	 * @return the count
	 */
	public int activeCount() {
		return this.node.sessions.activeCount() + this.sessions.size();
	}

	/**
	 * Make an accepted session known: counted, published as connected; an older attached
	 * session with the same node id is closed as a duplicate.
	 * @param session the session, active
	 */
	public void attach(AttachedSession session) {
		AttachedSession older = this.sessions.put(session.getNodeId(), session);
		if (older != null && older != session) {
			older.close(DisconnectReason.DUPLICATE, "a newer connection from '" + session.getNodeId() + "' replaced it");
		}
		this.node.metrics.handshakeSucceeded();
		this.node.publish(new PeerConnectedEvent(this.node.eventSource(), session));
	}

	/**
	 * Forget a closed session: counted and published as disconnected (once).
	 * @param session the session
	 * @param reason why it ended
	 * @param detail the reason in words
	 */
	public void detach(AttachedSession session, DisconnectReason reason, String detail) {
		if (!this.sessions.remove(session.getNodeId(), session)) {
			return;
		}
		this.node.metrics.sessionClosed(session);
		logger.info("Peer '" + session.getNodeId() + "' disconnected (" + reason.tag() + "): " + detail);
		this.node.publish(new PeerDisconnectedEvent(this.node.eventSource(), session, reason, detail));
		this.node.sessionEnded(session.getNodeId());
	}

	/**
	 * Hand a received packet to the listeners, on the calling thread (the session's reader:
	 * each attached session is read by its own thread, so a slow listener holds up only its
	 * own peer). The listeners' replies go back through {@link AttachedSession#sendPacket}.
	 * @param session the sender
	 * @param type the packet type
	 * @param payload the payload, as the type's codec reads it
	 * @param bytesOnWire bytes the packet took on the wire
	 */
	public void deliver(AttachedSession session, Enum<?> type, byte[] payload, long bytesOnWire) {
		deliver(session, type, payload, bytesOnWire, new Responder(session));
	}

	/**
	 * Hand a received packet to the listeners with a responder of the caller's (a request whose
	 * answer goes elsewhere, such as a pnet call).
	 * @param session the sender
	 * @param type the packet type
	 * @param payload the payload
	 * @param bytesOnWire bytes the packet took on the wire
	 * @param responder receives the listeners' replies and failures
	 */
	public void deliver(PeerSession session, Enum<?> type, byte[] payload, long bytesOnWire,
			PacketResponder responder) {
		int code = this.node.packetTypes.codeOf(type);
		this.node.metrics.packetsReceived(session, code, 1);
		this.node.metrics.bytesReceived(session, bytesOnWire);
		this.node.packetHandler.handle(session, new InboundPacket(type, code, payload, Map.of(), false), responder);
	}

	/**
	 * Count, log and publish a packet refused from a peer of another protocol.
	 * @param remote the peer's address
	 * @param nodeId the peer's id, if known
	 * @param reason why
	 * @param detail the reason in words
	 */
	public void rejected(InetSocketAddress remote, @Nullable String nodeId, RejectionReason reason, String detail) {
		this.node.metrics.packetRejected(reason);
		logger.warn("Rejected a packet from " + describe(remote, nodeId) + " (" + reason.tag() + "): " + detail);
		this.node.publish(new PacketRejectedEvent(this.node.eventSource(), remote, nodeId, -1, reason, detail));
	}

	/**
	 * Count, log and publish a handshake of another protocol that failed.
	 * @param remote the peer's address
	 * @param nodeId the peer's id, if it said
	 * @param inbound whether the peer dialled
	 * @param failure what failed
	 * @param detail the reason in words
	 */
	public void handshakeFailed(InetSocketAddress remote, @Nullable String nodeId, boolean inbound,
			HandshakeFailure failure, String detail) {
		this.node.metrics.handshakeFailed(failure);
		logger.warn("Handshake with " + describe(remote, nodeId) + " failed (" + failure.tag() + "): " + detail);
		this.node.publish(new PeerHandshakeFailedEvent(this.node.eventSource(), remote, nodeId, inbound, failure,
				detail));
	}

	/**
	 * Log and publish a listener that threw on a packet delivered with a responder of the
	 * caller's.
	 * @param session the sender
	 * @param type the packet type
	 * @param listener the listener, as {@code bean.method}
	 * @param exception what it threw
	 */
	public void listenerFailed(PeerSession session, Enum<?> type, String listener, Throwable exception) {
		this.node.reportListenerFailure(session, type, listener, exception);
	}

	/**
	 * Count bytes and packets written to an attached session.
	 * @param session the session
	 * @param typeCode the packet's type code
	 * @param bytes bytes written
	 */
	public void sent(AttachedSession session, int typeCode, long bytes) {
		this.node.metrics.packetsSent(session, typeCode, 1);
		this.node.metrics.bytesSent(session, bytes);
	}

	/**
	 * The type code of a packet type.
	 * @param type the type
	 * @return its code
	 */
	public int codeOf(Enum<?> type) {
		return this.node.packetTypes.codeOf(type);
	}

	/**
	 * Publish an event of the node (discovery of peers of another protocol).
	 * @param event the event
	 */
	public void publish(org.springframework.context.ApplicationEvent event) {
		this.node.publish(event);
	}

	/**
	 * The event source of the node's events.
	 * @return the node
	 */
	public Object eventSource() {
		return this.node.eventSource();
	}

	@Nullable AttachedSession find(String nodeId) {
		AttachedSession session = this.sessions.get(nodeId);
		return (session != null && session.isActive()) ? session : null;
	}

	List<AttachedSession> active() {
		return this.sessions.values().stream().filter(PeerSession::isActive).toList();
	}

	void closeAll(String detail) {
		for (AttachedSession session : List.copyOf(this.sessions.values())) {
			session.close(DisconnectReason.SHUTDOWN, detail);
		}
	}

	private static String describe(InetSocketAddress remote, @Nullable String nodeId) {
		return (nodeId != null) ? "'" + nodeId + "' (" + remote + ")" : String.valueOf(remote);
	}

	/** Replies of a listener to a packet from an attached session go back to that session. */
	private final class Responder implements PacketResponder {

		private final AttachedSession session;

		Responder(AttachedSession session) {
			this.session = session;
		}

		@Override
		public void reply(Enum<?> type, byte[] payload) {
			try {
				AttachedSessions.this.node.observations.observeSend(type, this.session.getNodeId(), (trace) -> {
					this.session.sendPacket(type, payload);
					return null;
				});
			}
			catch (PeerNotConnectedException ex) {
				logger.warn("Reply to '" + this.session.getNodeId() + "' not sent: " + ex.getMessage());
			}
		}

		@Override
		public void replyError(String exceptionType, String message) {
			// a plain packet: the sender waits for nothing
		}

		@Override
		public void complete() {
		}

		@Override
		public void reject(RejectionReason reason, String detail) {
			rejected(this.session.getRemoteAddress(), this.session.getNodeId(), reason, detail);
		}

		@Override
		public void listenerFailed(Enum<?> type, String listener, Throwable exception) {
			AttachedSessions.this.node.reportListenerFailure(this.session, type, listener, exception);
		}

	}

	/** A session of another wire protocol writes the packet itself, on the calling thread. */
	void send(AttachedSession session, Frame frame, @Nullable CompletableFuture<Void> written) {
		Enum<?> type = this.node.packetTypes.typeOf(frame.type());
		if (type == null) {
			throw new IllegalArgumentException("Packet type code " + frame.type() + " is not a packet type");
		}
		try {
			session.sendPacket(type, frame.payload());
		}
		catch (RuntimeException ex) {
			if (written != null) {
				written.completeExceptionally(ex);
			}
			throw ex;
		}
		if (written != null) {
			written.complete(null);
		}
	}

}
