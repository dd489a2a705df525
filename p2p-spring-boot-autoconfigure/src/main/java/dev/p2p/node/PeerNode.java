package dev.p2p.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.SocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.security.NetworkKey;
import dev.p2p.session.AttachedSessions;
import dev.p2p.session.NodeContext;
import dev.p2p.session.PacketHandler;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.SessionExtension;
import dev.p2p.session.SessionSender;
import dev.p2p.transport.TransportFactory;

/**
 * The running peer: starts and stops with the application context, and answers queries about
 * itself and its sessions. Starting opens the transport (listening unless
 * {@code p2p.server.enabled=false}), schedules the session checks and dials the static peers;
 * stopping says goodbye to every peer, lets queued frames drain up to the shutdown timeout,
 * then closes. Sessions live in the engine ({@link NodeContext}); sending goes through
 * {@link #sender()} (applications use {@code dev.p2p.core.PacketOperations}).
 */
public class PeerNode implements SmartLifecycle {

	private final PeerNodeSettings settings;

	private final String instanceId = UUID.randomUUID().toString();

	private final NodeRuntime runtime;

	private final NodeContext context;

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
		this.runtime = new NodeRuntime(this, settings, packetTypes, listenerExecutor, transportFactory, this.instanceId,
				(identity, hooks) -> new NodeContext(settings, packetTypes, packetHandler, handshakePolicy, metrics,
						observations, publisher, this, identity, hooks));
		this.context = this.runtime.context();
	}

	// ---- lifecycle

	@Override
	public void start() {
		this.runtime.start();
	}

	@Override
	public void stop() {
		this.runtime.stop();
	}

	@Override
	public boolean isRunning() {
		return this.runtime.isRunning();
	}

	@Override
	public int getPhase() {
		// like embedded web servers: start late, stop early
		return SmartLifecycle.DEFAULT_PHASE - 1024;
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
		return this.runtime.boundAddress();
	}

	/**
	 * Port the server is bound to (the real one when configured as 0).
	 * @return the port, or -1 when not listening
	 */
	public int getBoundPort() {
		InetSocketAddress bound = this.runtime.boundAddress();
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
		return this.runtime.isListening();
	}

	// ---- sessions

	/**
	 * Established sessions, one per connected peer.
	 * @return a snapshot
	 */
	public List<PeerSession> getSessions() {
		return this.context.directory().activeSessions();
	}

	/**
	 * The established session with a peer.
	 * @param nodeId the peer's node id
	 * @return the session, if connected
	 */
	public Optional<PeerSession> findSession(String nodeId) {
		return Optional.ofNullable(this.context.directory().find(nodeId));
	}

	/**
	 * Inbound connections open now, handshaking ones included: what
	 * {@code p2p.limits.max-connections} counts.
	 * @return the count
	 */
	public int getOpenConnectionCount() {
		return this.context.directory().openConnections();
	}

	/**
	 * Make a session of a socket that was connected by other means (a hole punch's simultaneous
	 * open, where both ends dialled): it goes through the ordinary handshake.
	 * @param socket the connected socket
	 * @param accepting whether this end acts as the accepting one (TLS server, waits for HELLO)
	 * @param first bytes to write before the HELLO (a PUNCH_JOIN frame), may be empty
	 * @throws IOException if the node is not running or the socket cannot be set up
	 */
	public void adoptConnection(Socket socket, boolean accepting, byte[] first) throws IOException {
		this.runtime.adopt(socket, accepting, first);
	}

	/**
	 * Makes sockets of the kind {@link #adoptConnection} takes over with this node's transport
	 * (the {@code netty} transport needs sockets with a channel).
	 * @return the factory
	 */
	public SocketFactory adoptableSocketFactory() {
		return this.runtime.adoptableSockets();
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
		return this.context.directory().listenerTypes();
	}

	/**
	 * The peers this node is connected to and that accept connections (its answer to the
	 * built-in GET_PEERS).
	 * @return node ids and listen addresses
	 */
	public List<KnownPeer> getKnownPeers() {
		return this.context.directory().knownPeers();
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
		return this.runtime.unreachableStaticPeers();
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
		return this.runtime.keepConnected(address, firstDialDelay);
	}

	/**
	 * Stop redialling a peer kept connected with {@link #keepConnected}; a session with it stays
	 * until it ends. Static peers ({@code p2p.peers}) are never dropped.
	 * @param address the address given to {@code keepConnected}
	 * @return {@code true} if the node was redialling it
	 */
	public boolean stopKeepingConnected(PeerAddress address) {
		return this.runtime.stopKeepingConnected(address);
	}

	/**
	 * Whether the node redials a peer: a static one, or one kept connected by discovery.
	 * @param address its listen address
	 * @return {@code true} if a dialer keeps it connected
	 */
	public boolean isKeptConnected(PeerAddress address) {
		return this.runtime.isKeptConnected(address);
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
		return this.runtime.connect(nodeId);
	}

	/**
	 * Dial a peer once (no redial when it is lost).
	 * @param address where it listens
	 * @return completes with the session after the handshake (or the existing session when the
	 * peer is connected already), fails if the connection or the handshake fails
	 */
	public CompletableFuture<PeerSession> connect(PeerAddress address) {
		return this.runtime.connect(address);
	}

}
