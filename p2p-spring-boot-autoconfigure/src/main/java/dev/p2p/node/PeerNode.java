package dev.p2p.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import dev.p2p.event.PeerServerStartedEvent;
import dev.p2p.event.PeerServerStoppedEvent;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerServerBindException;
import dev.p2p.peer.PeerSession;
import dev.p2p.security.NetworkKey;
import dev.p2p.session.AttachedSessions;
import dev.p2p.session.DialRequest;
import dev.p2p.session.NodeContext;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.NodeThreads;
import dev.p2p.session.PacketHandler;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.SessionExtension;
import dev.p2p.session.SessionSender;
import dev.p2p.session.SessionSweeps;
import dev.p2p.transport.Transport;
import dev.p2p.transport.TransportFactory;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.FrameDecoder;

/**
 * The running peer: starts and stops with the application context, and answers queries about
 * itself and its sessions. Starting opens the transport (listening unless
 * {@code p2p.server.enabled=false}), schedules the session checks and dials the static peers;
 * stopping says goodbye to every peer, lets queued frames drain up to the shutdown timeout,
 * then closes. Sessions live in the engine ({@link NodeContext}); sending goes through
 * {@link #sender()} (applications use {@code dev.p2p.core.PacketOperations}).
 */
public class PeerNode implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeerNode.class);

	private final PeerNodeSettings settings;

	private final @Nullable Executor listenerExecutor;

	private final String instanceId = UUID.randomUUID().toString();

	private final TransportFactory transportFactory;

	private final NodeContext context;

	private final IntPredicate acceptedTypes;

	private final Object monitor = new Object();

	private volatile boolean running;

	private volatile @Nullable Transport transport;

	private volatile @Nullable InetSocketAddress boundAddress;

	private volatile @Nullable NodeThreads threads;

	private volatile @Nullable PeerDialers dialers;

	/**
	 * Create a node whose replies from listeners are not observed.
	 * @param settings configuration
	 * @param packetTypes the packet-type enum's codes
	 * @param packetHandler delivers inbound packets to listeners
	 * @param handshakePolicy decides on HELLOs
	 * @param publisher receives the node's events
	 * @param listenerExecutor runs packet handling off the I/O threads; {@code null} for a pool
	 * of {@code listenerThreads} threads owned by the node
	 * @param transportFactory makes the transport at each start
	 * @param metrics counts what happens
	 */
	public PeerNode(PeerNodeSettings settings, PacketTypeRegistry packetTypes, PacketHandler packetHandler,
			HandshakePolicy handshakePolicy, ApplicationEventPublisher publisher, @Nullable Executor listenerExecutor,
			TransportFactory transportFactory, PeerMetrics metrics) {
		this(settings, packetTypes, packetHandler, handshakePolicy, publisher, listenerExecutor, transportFactory, metrics,
				PacketObservations.DISABLED);
	}

	/**
	 * Create a node.
	 * @param settings configuration
	 * @param packetTypes the packet-type enum's codes
	 * @param packetHandler delivers inbound packets to listeners
	 * @param handshakePolicy decides on HELLOs
	 * @param publisher receives the node's events
	 * @param listenerExecutor runs packet handling off the I/O threads; {@code null} for a pool
	 * of {@code listenerThreads} threads owned by the node
	 * @param transportFactory makes the transport at each start
	 * @param metrics counts what happens
	 * @param observations observes the replies listeners send
	 */
	public PeerNode(PeerNodeSettings settings, PacketTypeRegistry packetTypes, PacketHandler packetHandler,
			HandshakePolicy handshakePolicy, ApplicationEventPublisher publisher, @Nullable Executor listenerExecutor,
			TransportFactory transportFactory, PeerMetrics metrics, PacketObservations observations) {
		this.settings = settings;
		this.listenerExecutor = listenerExecutor;
		this.transportFactory = transportFactory;
		this.context = new NodeContext(settings, packetTypes, packetHandler, handshakePolicy, metrics, observations,
				publisher, this, identityListeningOn(0), new Hooks());
		this.acceptedTypes = acceptedTypes(settings, packetTypes, this.context);
	}

	// ---- lifecycle

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			NodeThreads started = new NodeThreads(getNodeId(), this.settings, this.listenerExecutor);
			this.threads = started;
			this.context.running(started);
			FrameDecoder decoder = new FrameDecoder(this.settings.getMaxPayloadSize(), this.acceptedTypes);
			Transport newTransport = this.transportFactory.create(decoder, this.context.lifecycle(), started.io(),
					new ConcurrentTaskScheduler(started.timers()));
			this.transport = newTransport;
			this.running = true;
			if (this.settings.isServerEnabled()) {
				listen(newTransport, started);
			}
			NodeEngine engine = new NodeEngine(decoder, this.context.lifecycle(), started.io(), started.timers(),
					this.context.sender());
			this.context.extensions().forEach((extension) -> extension.started(engine));
			SessionSweeps.schedule(this.context, started);
			PeerDialers newDialers = new PeerDialers(this.context, newTransport, started, this.settings.getReconnect());
			this.dialers = newDialers;
			for (PeerAddress address : this.settings.getPeers()) {
				newDialers.keep(address, Duration.ZERO);
			}
		}
	}

	private void listen(Transport newTransport, NodeThreads started) {
		try {
			InetSocketAddress bound = newTransport.startServer(this.settings.getServerAddress(),
					this.settings.getServerPort(), this.settings.getHandshakeTimeout().plusSeconds(5));
			this.boundAddress = bound;
			this.context.identify(identityListeningOn(bound.getPort()));
			logger.info("P2P node '" + getNodeId() + "' (network '" + getNetworkId() + "', handshake "
					+ this.settings.getHandshakeMode().name().toLowerCase() + ") listening on " + bound);
			this.context.publishEvent(new PeerServerStartedEvent(this, bound));
		}
		catch (IOException ex) {
			this.running = false;
			this.context.running(null);
			started.shutdown();
			throw new PeerServerBindException(
					ex.getMessage() + " (set p2p.server.port to a free port, or 0 for an ephemeral one)",
					this.settings.getServerAddress(), this.settings.getServerPort(), ex);
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			PeerDialers currentDialers = this.dialers;
			if (currentDialers != null) {
				currentDialers.stop();
			}
			Transport current = this.transport;
			if (current != null) {
				current.stopServer();
			}
			this.context.extensions().forEach(SessionExtension::stopping);
			this.context.closeAll(this.settings.getShutdownTimeout());
			if (current != null) {
				current.stop();
			}
			this.transport = null;
			if (this.boundAddress != null) {
				this.boundAddress = null;
				this.context.publishEvent(new PeerServerStoppedEvent(this));
			}
			NodeThreads stopped = this.threads;
			this.context.running(null);
			if (stopped != null) {
				stopped.shutdown();
			}
			logger.info("P2P node '" + getNodeId() + "' stopped");
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// like embedded web servers: start late, stop early
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private PeerIdentity identityListeningOn(int port) {
		return new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, this.settings.getNodeId(), this.instanceId,
				this.settings.getNetworkId(), this.settings.getAdvertisedHost(), port, this.settings.getCodec());
	}

	private static IntPredicate acceptedTypes(PeerNodeSettings settings, PacketTypeRegistry packetTypes,
			NodeContext context) {
		if (settings.getHandshakeMode() == HandshakeMode.NONE) {
			return packetTypes::isKnown;
		}
		return (code) -> packetTypes.isKnown(code) || (code >= ControlCode.HELLO && code <= ControlCode.ERROR)
				|| code == ControlCode.CHALLENGE || code == ControlCode.PROOF || ControlCode.isStream(code)
				|| ControlCode.isMembership(code) || ControlCode.isRelay(code)
				|| ControlCode.isReach(code) || (ControlCode.isDelivery(code) && context.announcesDelivery());
	}

	// ---- identity

	/**
	 * This node's id.
	 * @return node id
	 */
	public String getNodeId() {
		return this.settings.getNodeId();
	}

	/**
	 * This node's network id.
	 * @return network id
	 */
	public String getNetworkId() {
		return this.settings.getNetworkId();
	}

	/**
	 * This process's instance id, sent in the handshake and in discovery adverts: tells this
	 * node's own adverts from another process using the same node id.
	 * @return a random UUID, fixed for the life of the node
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * Address the server is bound to.
	 * @return the bound address, or {@code null} when not listening
	 */
	public @Nullable InetSocketAddress getBoundAddress() {
		return this.boundAddress;
	}

	/**
	 * Port the server is bound to (the real one when configured as 0).
	 * @return the port, or -1 when not listening
	 */
	public int getBoundPort() {
		InetSocketAddress bound = this.boundAddress;
		return (bound != null) ? bound.getPort() : -1;
	}

	/**
	 * The network key this node and its peers prove in handshakes (and discovery tags adverts
	 * with); its toString never shows it.
	 * @return the key, or {@code null} when peers need none
	 */
	public @Nullable NetworkKey getNetworkKey() {
		return this.settings.getNetworkKey();
	}

	/**
	 * Whether this node accepts connections at all ({@code p2p.server.enabled}).
	 * @return {@code false} for a node that only dials
	 */
	public boolean isServerEnabled() {
		return this.settings.isServerEnabled();
	}

	/**
	 * Whether the server socket is accepting.
	 * @return {@code true} while listening
	 */
	public boolean isListening() {
		Transport current = this.transport;
		return current != null && current.isListening();
	}

	// ---- sessions

	/**
	 * Established sessions, one per connected peer.
	 * @return a snapshot
	 */
	public List<PeerSession> getSessions() {
		return this.context.activeSessions();
	}

	/**
	 * The established session with a peer.
	 * @param nodeId the peer's node id
	 * @return the session, if connected
	 */
	public Optional<PeerSession> findSession(String nodeId) {
		return Optional.ofNullable(this.context.find(nodeId));
	}

	/**
	 * Inbound connections open now, handshaking ones included: what
	 * {@code p2p.limits.max-connections} counts.
	 * @return the count
	 */
	public int getOpenConnectionCount() {
		return this.context.openConnections();
	}

	/**
	 * Make a session of a socket that was connected by other means (a hole punch's simultaneous
	 * open, where both ends dialled): it goes through the ordinary handshake.
	 * @param socket the connected socket
	 * @param accepting whether this end acts as the accepting one (TLS server, waits for HELLO)
	 * @param first bytes to write before the HELLO (a PUNCH_JOIN frame), may be empty
	 * @throws IOException if the node is not running or the socket cannot be set up
	 */
	public void adoptConnection(java.net.Socket socket, boolean accepting, byte[] first) throws java.io.IOException {
		Transport current = this.transport;
		if (current == null || !this.running) {
			socket.close();
			throw new java.io.IOException("P2P node '" + getNodeId() + "' is not running");
		}
		current.adopt(socket, accepting, first);
	}

	/**
	 * Close a peer's session, saying goodbye first.
	 * @param nodeId the peer's node id
	 * @return {@code true} if it was connected
	 */
	public boolean disconnect(String nodeId) {
		return this.context.disconnect(nodeId);
	}

	/**
	 * The packet types this node has listeners for (its answer to the built-in GET_FUNCS).
	 * @return the types, in code order of the enum
	 */
	public List<ListenerType> getListenerTypes() {
		return this.context.listenerTypes();
	}

	/**
	 * The peers this node is connected to and that accept connections (its answer to the
	 * built-in GET_PEERS).
	 * @return node ids and listen addresses
	 */
	public List<KnownPeer> getKnownPeers() {
		return this.context.knownPeers();
	}

	/**
	 * Frame-level sending on this node's sessions, for the application-level API
	 * ({@code dev.p2p.core.PacketTemplate}) and the node's own protocols.
	 * @return the sender
	 */
	public SessionSender sender() {
		return this.context.sender();
	}

	/**
	 * Sessions of other wire protocols (the compat profiles) attached to this node.
	 * @return the attached sessions
	 */
	public AttachedSessions attachedSessions() {
		return this.context.attached();
	}

	// ---- dialling

	/**
	 * Static peers this node keeps dialling.
	 * @return their addresses
	 */
	public List<PeerAddress> getStaticPeers() {
		return List.copyOf(this.settings.getPeers());
	}

	/**
	 * Static peers with no established session: neither one this node dialled nor one the peer
	 * opened (matched by the listen address it advertised). All of them while the node is not
	 * running.
	 * @return their addresses, in configuration order
	 */
	public List<PeerAddress> getUnreachableStaticPeers() {
		PeerDialers current = this.dialers;
		return (current != null && this.running) ? current.unreachable(this.settings.getPeers())
				: List.copyOf(this.settings.getPeers());
	}

	/**
	 * Keep a discovered peer connected like a static one: dial it now and redial it with
	 * backoff after every loss, until {@link #stopKeepingConnected} (discovery calls these).
	 * @param address where it listens
	 * @param firstDialDelay how long to wait before the first dial (a peer that dials this node
	 * meanwhile is not dialled at all)
	 * @return {@code false} if the node is not running or dials that address already
	 */
	public boolean keepConnected(PeerAddress address, Duration firstDialDelay) {
		synchronized (this.monitor) {
			PeerDialers current = this.dialers;
			return this.running && current != null && current.keep(address, firstDialDelay);
		}
	}

	/**
	 * Stop redialling a peer kept connected with {@link #keepConnected}; a session with it stays
	 * until it ends. Static peers ({@code p2p.peers}) are never dropped.
	 * @param address the address given to {@code keepConnected}
	 * @return {@code true} if the node was redialling it
	 */
	public boolean stopKeepingConnected(PeerAddress address) {
		PeerDialers current = this.dialers;
		return !this.settings.getPeers().contains(address) && current != null && current.drop(address);
	}

	/**
	 * Whether the node redials a peer: a static one, or one kept connected by discovery.
	 * @param address its listen address
	 * @return {@code true} if a dialer keeps it connected
	 */
	public boolean isKeptConnected(PeerAddress address) {
		PeerDialers current = this.dialers;
		return current != null && current.isKept(address);
	}

	/**
	 * Register a protocol that runs beside the engine's own on this node's sessions (the relay).
	 * Call before the node starts.
	 * @param extension the extension
	 */
	public void addExtension(SessionExtension extension) {
		this.context.addExtension(extension);
	}

	/**
	 * Connect to a node by its node id, through the relays this node is connected to: the
	 * session is an ordinary one, carried end to end inside a relay circuit.
	 * @param nodeId the node id
	 * @return completes with the session once its handshake is done (at once when the node is
	 * connected already), fails if no relay reaches the node
	 */
	public CompletableFuture<PeerSession> connect(String nodeId) {
		PeerSession existing = this.context.find(nodeId);
		if (existing != null) {
			return CompletableFuture.completedFuture(existing);
		}
		if (!this.running) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node '" + getNodeId()
					+ "' is not running"));
		}
		for (SessionExtension extension : this.context.extensions()) {
			CompletableFuture<PeerSession> dial = extension.connect(nodeId);
			if (dial != null) {
				return dial;
			}
		}
		return CompletableFuture.failedFuture(new PeerNotConnectedException("No way to reach node '" + nodeId
				+ "': it is not connected and no relay is configured (p2p.relay.peers)"));
	}

	/**
	 * Dial a peer once (no redial when it is lost).
	 * @param address where it listens
	 * @return completes with the session after the handshake (or the existing session when the
	 * peer is connected already), fails if the connection or the handshake fails
	 */
	public CompletableFuture<PeerSession> connect(PeerAddress address) {
		PeerDialers current = this.dialers;
		if (!this.running || current == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("P2P node is not running"));
		}
		return current.connect(address);
	}

	/** What the session engine tells this node. */
	private final class Hooks implements NodeContext.NodeHooks {

		@Override
		public boolean isRunning() {
			return PeerNode.this.running;
		}

		@Override
		public void sessionEnded(String nodeId) {
			// no node monitor here: stop() holds it while sessions close
			PeerDialers current = PeerNode.this.dialers;
			if (current != null) {
				current.sessionEnded(nodeId);
			}
		}

		@Override
		public void redial(DialRequest request) {
			PeerDialers current = PeerNode.this.dialers;
			if (current != null) {
				current.dial(request);
			}
			else {
				request.result().completeExceptionally(new IllegalStateException("P2P node is not running"));
			}
		}

	}

}
