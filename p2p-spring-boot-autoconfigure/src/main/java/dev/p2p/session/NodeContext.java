package dev.p2p.session;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PacketListenerFailedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.event.StreamFailedEvent;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.security.ConnectionGate;
import dev.p2p.stream.StreamCarry;

/**
 * What the sessions of one node share: its settings, packet types, inbound handler, metrics,
 * registry of sessions, threads and connection gate, and where its events go. The node
 * ({@code dev.p2p.node.PeerNode}) creates one and sets the running parts at each start; the
 * session engine reads it, so the engine never sees the node.
 */
public final class NodeContext {

	private static final Log logger = LogFactory.getLog(NodeContext.class);

	final PeerNodeSettings settings;

	final PacketTypeRegistry packetTypes;

	final PacketHandler packetHandler;

	final HandshakePolicy handshakePolicy;

	final PeerMetrics metrics;

	final PacketObservations observations;

	final PeerRegistry sessions;

	private final ApplicationEventPublisher publisher;

	private final Object eventSource;

	private final NodeHooks hooks;

	final SessionLifecycle lifecycle;

	final SessionSender sender;

	/** Sessions of other wire protocols, run by their own code (the compat profiles). */
	final AttachedSessions attached;

	volatile PeerIdentity identity;

	/** Admission of inbound connections ({@code p2p.limits.*}); replaced at each start. */
	volatile ConnectionGate gate;

	/**
	 * A session's handshake ended (it is established, or closed): it no longer counts against
	 * the handshaking limits.
	 * @param session the session
	 */
	void handshakeEnded(DefaultPeerSession session) {
		this.handshakeSlots.ended(session, this.gate);
	}

	/** Inbound connections in their handshake, oldest first. */
	final HandshakeSlots handshakeSlots = new HandshakeSlots();

	/** Protocols running beside the engine's own (the relay), in registration order. */
	private final NodeExtensions extensions = new NodeExtensions();

	private final NodeDirectory directory;

	/** The streams of resumable sessions across their connections. */
	final StreamCarry streamCarry = new StreamCarry();

	/** Acknowledged delivery, when an extension provides it. */
	volatile @Nullable DeliveryHook delivery;

	/** The running node's threads; set while running. */
	volatile @Nullable NodeThreads threads;

	/**
	 * Create the context of a node.
	 * @param settings configuration
	 * @param packetTypes the packet-type enum's codes
	 * @param packetHandler delivers inbound packets to listeners
	 * @param handshakePolicy decides on HELLOs
	 * @param metrics counts what happens (guarded here)
	 * @param observations observes replies the engine sends for listeners
	 * @param publisher receives the node's events
	 * @param eventSource the source of those events (the node)
	 * @param identity this node's identity before it listens
	 * @param hooks what the engine tells the node
	 */
	public NodeContext(PeerNodeSettings settings, PacketTypeRegistry packetTypes, PacketHandler packetHandler,
			HandshakePolicy handshakePolicy, PeerMetrics metrics, PacketObservations observations,
			ApplicationEventPublisher publisher, Object eventSource, PeerIdentity identity, NodeHooks hooks) {
		this.settings = settings;
		this.packetTypes = packetTypes;
		this.packetHandler = packetHandler;
		this.handshakePolicy = handshakePolicy;
		this.metrics = PeerMetrics.guard(metrics);
		this.observations = observations;
		this.publisher = publisher;
		this.eventSource = eventSource;
		this.hooks = hooks;
		this.identity = identity;
		this.sessions = new PeerRegistry(settings.getNodeId());
		this.gate = settings.getLimits().newGate();
		this.lifecycle = new SessionLifecycle(this);
		this.sender = new SessionSender(this);
		this.attached = new AttachedSessions(this);
		this.directory = new NodeDirectory(this);
	}

	// ---- set by the node

	/**
	 * Set the threads of a start, and a fresh connection gate.
	 * @param started the threads, or {@code null} once stopped
	 */
	public void running(@Nullable NodeThreads started) {
		if (started != null) {
			this.gate = this.settings.getLimits().newGate();
		}
		this.threads = started;
	}

	/**
	 * Set this node's identity (once the server is bound, it carries the port).
	 * @param identity the identity sent in handshakes
	 */
	public void identify(PeerIdentity identity) {
		this.identity = identity;
	}

	/**
	 * Close a peer's session, saying goodbye first.
	 * @param nodeId the peer's node id
	 * @return {@code true} if it was connected
	 */
	public boolean disconnect(String nodeId) {
		DefaultPeerSession session = this.sessions.find(nodeId);
		if (session == null) {
			AttachedSession other = this.attached.find(nodeId);
			if (other != null) {
				other.close(DisconnectReason.CLOSED_BY_APPLICATION, "disconnected by the application");
			}
			return other != null;
		}
		this.lifecycle.close(session, DisconnectReason.CLOSED_BY_APPLICATION, "disconnected by the application");
		return true;
	}

	/**
	 * Say goodbye to every session, wait up to a timeout for queued frames to leave, then close
	 * them all.
	 * @param timeout the shutdown timeout
	 */
	public void closeAll(Duration timeout) {
		this.attached.closeAll("node '" + getNodeId() + "' is stopping");
		this.lifecycle.closeAll(timeout);
		// streams held for suspended sessions: nobody will resume them now
		this.streamCarry.stopping("node '" + getNodeId() + "' is stopping");
	}

	/**
	 * The sessions other wire protocols attach to this node.
	 * @return the attached sessions
	 */
	public AttachedSessions attached() {
		return this.attached;
	}

	/**
	 * Publish an event of the node; a failing event listener is logged, never thrown.
	 * @param event the event
	 */
	public void publishEvent(ApplicationEvent event) {
		publish(event);
	}

	/**
	 * Register a protocol that runs beside the engine's own.
	 * @param extension the extension
	 */
	public void addExtension(SessionExtension extension) {
		this.extensions.add(extension);
		if (extension instanceof DeliveryHook hook) {
			this.delivery = hook;
		}
	}

	/**
	 * Whether acknowledged delivery is active (its frames are then accepted, else they are
	 * unknown types as for a node that predates them).
	 * @return {@code true} with a delivery extension that announces itself
	 */
	public boolean announcesDelivery() {
		DeliveryHook hook = this.delivery;
		return hook != null && hook.announces();
	}

	/**
	 * The registered extensions.
	 * @return them, in registration order
	 */
	public NodeExtensions extensions() {
		return this.extensions;
	}

	// ---- read by the node

	/**
	 * The engine's connection handler, for the transport.
	 * @return the lifecycle of sessions
	 */
	public SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	/**
	 * Frame-level sending on established sessions.
	 * @return the sender
	 */
	public SessionSender sender() {
		return this.sender;
	}

	/**
	 * Queries about this node's sessions.
	 * @return the directory
	 */
	public NodeDirectory directory() {
		return this.directory;
	}

	// ---- used by the engine

	String getNodeId() {
		return this.settings.getNodeId();
	}

	String getNetworkId() {
		return this.settings.getNetworkId();
	}

	NodeThreads threads() {
		NodeThreads running = this.threads;
		if (running == null) {
			throw new IllegalStateException("P2P node '" + getNodeId() + "' is not running");
		}
		return running;
	}

	boolean isAcceptingConnections() {
		return this.hooks.isRunning();
	}

	void redial(DialRequest request) {
		this.hooks.redial(request);
	}

	void sessionEnded(String nodeId) {
		this.hooks.sessionEnded(nodeId);
	}

	void reportRejected(DefaultPeerSession session, int typeCode, RejectionReason reason, String detail) {
		this.lifecycle.rejected(session, typeCode, reason, detail);
	}

	void reportListenerFailure(PeerSession session, Enum<?> type, String listener, Throwable exception) {
		logger.error("Packet listener " + listener + " failed on " + type.name() + " from '" + session.getNodeId() + "'",
				exception);
		publish(new PacketListenerFailedEvent(this.eventSource, session, type, listener, exception));
	}

	/**
	 * Count, log and publish a stream that ended without success.
	 */
	void streamFailed(PeerSession session, Enum<?> type, int streamId, boolean outbound, StreamOutcome outcome,
			String detail, long bytes, long nanos) {
		this.metrics.streamEnded(type, outbound, outcome, bytes, nanos);
		logger.warn((outbound ? "Stream " + streamId + " of " + type.name() + " to '"
				: "Stream " + streamId + " of " + type.name() + " from '") + session.getNodeId() + "' "
				+ outcome.tag() + ": " + detail);
		publish(new StreamFailedEvent(this.eventSource, session, type, streamId, outbound, outcome, detail));
	}

	Object eventSource() {
		return this.eventSource;
	}

	void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

	/** What the engine tells the node, and asks it. */
	public interface NodeHooks {

		/**
		 * Whether the node runs (a connection opened while it stops is closed at once).
		 * @return {@code true} while running
		 */
		boolean isRunning();

		/**
		 * A session that was its peer's current one ended (its redialler may dial again).
		 * @param nodeId the peer's node id
		 */
		void sessionEnded(String nodeId);

		/**
		 * Dial again for a request whose connection was denied as a duplicate while this node
		 * had no session of its own with that peer (the peer still held the one just closed).
		 * @param request the dial
		 */
		void redial(DialRequest request);

	}

}
