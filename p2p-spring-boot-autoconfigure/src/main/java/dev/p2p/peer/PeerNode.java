package dev.p2p.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import dev.p2p.event.PeerServerStartedEvent;
import dev.p2p.event.PeerServerStoppedEvent;
import dev.p2p.event.StreamFailedEvent;
import dev.p2p.event.StreamOutcome;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.handshake.PeerIdentity;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.metrics.RequestOutcome;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.security.ConnectionGate;
import dev.p2p.security.NetworkKey;
import dev.p2p.transport.ConnectionFactoryCustomizer;
import dev.p2p.transport.PeerTransport;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.RequestEnvelopes;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecoder;

/**
 * The running peer: listens, dials static peers (redialling with backoff), keeps one session per
 * connected peer, and sends frames. Started and stopped with the application context; stopping
 * says goodbye to every peer, lets queued frames drain up to the shutdown timeout, then closes.
 */
public class PeerNode implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeerNode.class);

	/**
	 * The dial in progress on this thread: the transport reports a new outbound connection on
	 * the dialling thread, before {@code connect} returns, which is how the session learns
	 * which dial (and which static-peer dialer) it belongs to.
	 */
	static final ThreadLocal<DialRequest> DIALLING = new ThreadLocal<>();

	final PeerNodeSettings settings;

	final PacketTypeRegistry packetTypes;

	final PacketHandler packetHandler;

	final HandshakePolicy handshakePolicy;

	final ApplicationEventPublisher publisher;

	private final @Nullable Executor listenerExecutor;

	final PeerMetrics metrics;

	final PeerRegistry sessions;

	private final String instanceId = UUID.randomUUID().toString();

	volatile PeerIdentity identity;

	private final List<ConnectionFactoryCustomizer> customizers;

	private final SessionLifecycle lifecycle;

	private final Object monitor = new Object();

	private final List<PeerDialer> dialers = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private volatile @Nullable PeerTransport transport;

	private volatile @Nullable InetSocketAddress boundAddress;

	/** Admission of inbound connections ({@code p2p.limits.*}); replaced at each start. */
	volatile ConnectionGate gate;

	/** The running node's threads; set while running. */
	volatile NodeThreads threads;

	/**
	 * Create a node.
	 * @param settings configuration
	 * @param packetTypes the packet-type enum's codes
	 * @param packetHandler delivers application frames to listeners
	 * @param handshakePolicy decides on HELLOs
	 * @param publisher receives the node's events
	 * @param listenerExecutor runs packet handling off the I/O threads; {@code null} for a pool
	 * of {@code listenerThreads} threads owned by the node
	 * @param customizers applied to every connection factory
	 * @param metrics counts what happens
	 */
	public PeerNode(PeerNodeSettings settings, PacketTypeRegistry packetTypes, PacketHandler packetHandler,
			HandshakePolicy handshakePolicy, ApplicationEventPublisher publisher, @Nullable Executor listenerExecutor,
			List<ConnectionFactoryCustomizer> customizers, PeerMetrics metrics) {
		this.settings = settings;
		this.packetTypes = packetTypes;
		this.packetHandler = packetHandler;
		this.handshakePolicy = handshakePolicy;
		this.publisher = publisher;
		this.listenerExecutor = listenerExecutor;
		this.customizers = List.copyOf(customizers);
		this.metrics = PeerMetrics.guard(metrics);
		this.sessions = new PeerRegistry(settings.getNodeId());
		this.identity = identityListeningOn(0);
		this.gate = settings.getLimits().newGate();
		this.lifecycle = new SessionLifecycle(this);
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
			FrameDecoder decoder = new FrameDecoder(this.settings.getMaxPayloadSize(), acceptedTypes());
			this.gate = this.settings.getLimits().newGate();
			PeerTransport newTransport = new PeerTransport(decoder, this.lifecycle, started.io,
					this.settings.getTransport(), this.settings.getTls(), this.customizers,
					new ConcurrentTaskScheduler(started.timers));
			this.transport = newTransport;
			this.running = true;
			if (this.settings.isServerEnabled()) {
				try {
					InetSocketAddress bound = newTransport.startServer(this.settings.getServerAddress(),
							this.settings.getServerPort(), this.settings.getHandshakeTimeout().plusSeconds(5));
					this.boundAddress = bound;
					this.identity = identityListeningOn(bound.getPort());
					logger.info("P2P node '" + getNodeId() + "' (network '" + getNetworkId() + "', handshake "
							+ this.settings.getHandshakeMode().name().toLowerCase() + ") listening on " + bound);
					publish(new PeerServerStartedEvent(this, bound));
				}
				catch (IOException ex) {
					this.running = false;
					started.shutdown();
					throw new PeerServerBindException(ex.getMessage()
							+ " (set p2p.server.port to a free port, or 0 for an ephemeral one)",
							this.settings.getServerAddress(), this.settings.getServerPort(), ex);
				}
			}
			long watchdog = Math.max(50, this.settings.getSendTimeout().toMillis() / 4);
			started.timers.scheduleWithFixedDelay(this.lifecycle::closeStalledWriters, watchdog, watchdog,
					TimeUnit.MILLISECONDS);
			ConnectionGate startedGate = this.gate;
			started.timers.scheduleWithFixedDelay(startedGate::sweep, 10, 10, TimeUnit.SECONDS);
			Duration idleTimeout = this.settings.getLimits().idleTimeout();
			if (!idleTimeout.isZero()) {
				long idleCheck = Math.max(50, idleTimeout.toMillis() / 4);
				started.timers.scheduleWithFixedDelay(this.lifecycle::closeIdle, idleCheck, idleCheck,
						TimeUnit.MILLISECONDS);
			}
			long streamCheck = Math.max(50, this.settings.getStreams().idleTimeout().toMillis() / 4);
			started.timers.scheduleWithFixedDelay(this.lifecycle::checkIdleStreams, streamCheck, streamCheck,
					TimeUnit.MILLISECONDS);
			Duration heartbeat = this.settings.getHeartbeatInterval();
			if (heartbeat != null && speaksControlFrames()) {
				started.timers.scheduleWithFixedDelay(this.lifecycle::heartbeat, heartbeat.toMillis(),
						heartbeat.toMillis(), TimeUnit.MILLISECONDS);
			}
			for (PeerAddress address : this.settings.getPeers()) {
				PeerDialer dialer = new PeerDialer(address, this, started.timers, this.settings.getReconnect());
				this.dialers.add(dialer);
				dialer.start();
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.dialers.forEach(PeerDialer::stop);
			this.dialers.clear();
			PeerTransport current = this.transport;
			if (current != null) {
				current.stopServer();
			}
			this.lifecycle.closeAll(this.settings.getShutdownTimeout());
			if (current != null) {
				current.stop();
			}
			this.transport = null;
			if (this.boundAddress != null) {
				this.boundAddress = null;
				publish(new PeerServerStoppedEvent(this));
			}
			this.threads.shutdown();
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

	private IntPredicate acceptedTypes() {
		if (this.settings.getHandshakeMode() == HandshakeMode.NONE) {
			return this.packetTypes::isKnown;
		}
		return (code) -> this.packetTypes.isKnown(code) || (code >= ControlCode.HELLO && code <= ControlCode.ERROR)
				|| code == ControlCode.CHALLENGE || code == ControlCode.PROOF || ControlCode.isStream(code)
				|| ControlCode.isMembership(code);
	}

	// ---- identity and sessions

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
		PeerTransport current = this.transport;
		return current != null && current.isListening();
	}

	/**
	 * Established sessions, one per connected peer.
	 * @return a snapshot
	 */
	public List<PeerSession> getSessions() {
		return this.sessions.activeSessions();
	}

	/**
	 * The established session with a peer.
	 * @param nodeId the peer's node id
	 * @return the session, if connected
	 */
	public Optional<PeerSession> findSession(String nodeId) {
		return Optional.ofNullable(this.sessions.find(nodeId));
	}

	/**
	 * The established session with the peer that listens on an address.
	 * @param address the peer's listen address
	 * @return the session, or {@code null}
	 */
	@Nullable PeerSession findSessionListeningOn(PeerAddress address) {
		for (PeerSession session : this.sessions.activeSessions()) {
			if (address.equals(session.getListenAddress())) {
				return session;
			}
		}
		return null;
	}

	/**
	 * Inbound connections open now, handshaking ones included: what
	 * {@code p2p.limits.max-connections} counts.
	 * @return the count
	 */
	public int getOpenConnectionCount() {
		return this.gate.openConnections();
	}

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
		List<PeerAddress> unreachable = new ArrayList<>();
		for (PeerAddress address : this.settings.getPeers()) {
			boolean dialledAndConnected = this.dialers.stream()
				.anyMatch((dialer) -> dialer.address().equals(address) && dialer.isConnected());
			if (!dialledAndConnected && findSessionListeningOn(address) == null) {
				unreachable.add(address);
			}
		}
		return unreachable;
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
	 * Keep a discovered peer connected like a static one: dial it now and redial it with
	 * backoff after every loss, until {@link #stopKeepingConnected} (discovery calls these).
	 * @param address where it listens
	 * @param firstDialDelay how long to wait before the first dial (a peer that dials this node
	 * meanwhile is not dialled at all)
	 * @return {@code false} if the node is not running or dials that address already
	 */
	public boolean keepConnected(PeerAddress address, Duration firstDialDelay) {
		synchronized (this.monitor) {
			if (!this.running || this.dialers.stream().anyMatch((dialer) -> dialer.address().equals(address))) {
				return false;
			}
			PeerDialer dialer = new PeerDialer(address, this, this.threads.timers, this.settings.getReconnect());
			this.dialers.add(dialer);
			dialer.start(firstDialDelay.toMillis());
			return true;
		}
	}

	/**
	 * Stop redialling a peer kept connected with {@link #keepConnected}; a session with it stays
	 * until it ends. Static peers ({@code p2p.peers}) are never dropped.
	 * @param address the address given to {@code keepConnected}
	 * @return {@code true} if the node was redialling it
	 */
	public boolean stopKeepingConnected(PeerAddress address) {
		if (this.settings.getPeers().contains(address)) {
			return false;
		}
		for (PeerDialer dialer : this.dialers) {
			if (dialer.address().equals(address) && this.dialers.remove(dialer)) {
				dialer.stop();
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the node redials a peer: a static one, or one kept connected by discovery.
	 * @param address its listen address
	 * @return {@code true} if a dialer keeps it connected
	 */
	public boolean isKeptConnected(PeerAddress address) {
		return this.dialers.stream().anyMatch((dialer) -> dialer.address().equals(address));
	}

	/**
	 * Dial a peer once (no redial when it is lost).
	 * @param address where it listens
	 * @return completes with the session after the handshake (or the existing session when the
	 * peer is connected already), fails if the connection or the handshake fails
	 */
	public CompletableFuture<PeerSession> connect(PeerAddress address) {
		DialRequest request = new DialRequest(address, null);
		if (!this.running) {
			request.result.completeExceptionally(new IllegalStateException("P2P node is not running"));
			return request.result;
		}
		this.threads.io.execute(() -> dialNow(request));
		return request.result;
	}

	/**
	 * Close a peer's session, saying goodbye first.
	 * @param nodeId the peer's node id
	 * @return {@code true} if it was connected
	 */
	public boolean disconnect(String nodeId) {
		PeerSession session = this.sessions.find(nodeId);
		if (session == null) {
			return false;
		}
		this.lifecycle.close(session, dev.p2p.event.DisconnectReason.CLOSED_BY_APPLICATION,
				"disconnected by the application");
		return true;
	}

	/**
	 * The packet types this node has listeners for (its answer to the built-in GET_FUNCS).
	 * @return the types, in code order of the enum
	 */
	public List<ListenerType> getListenerTypes() {
		List<ListenerType> types = new ArrayList<>();
		for (Enum<?> type : this.packetTypes.types()) {
			if (this.packetHandler.hasListener(type)) {
				types.add(new ListenerType(type.name(), Integer.toUnsignedLong(this.packetTypes.codeOf(type))));
			}
		}
		return types;
	}

	/**
	 * The peers this node is connected to and that accept connections (its answer to the
	 * built-in GET_PEERS).
	 * @return node ids and listen addresses
	 */
	public List<KnownPeer> getKnownPeers() {
		List<KnownPeer> known = new ArrayList<>();
		for (PeerSession session : this.sessions.activeSessions()) {
			PeerAddress address = session.getListenAddress();
			if (address != null) {
				known.add(new KnownPeer(session.getNodeId(), address));
			}
		}
		return known;
	}

	/**
	 * Ask a peer which packet types it has listeners for (the built-in GET_FUNCS command).
	 * @param session an established session
	 * @param timeout how long to wait for the answer
	 * @return completes with the peer's listener types; fails like {@link #request}
	 */
	public CompletableFuture<List<ListenerType>> requestListenerTypes(PeerSession session, Duration timeout) {
		return request(session, BuiltInCommand.GET_FUNCS, null, new Frame(ControlCode.GET_FUNCS, new byte[0]),
				timeout, (reply) -> BuiltInPayloads.readFuncs(builtInReply(session, reply, ControlCode.FUNCS)));
	}

	/**
	 * Ask a peer which peers it is connected to (the built-in GET_PEERS command).
	 * @param session an established session
	 * @param timeout how long to wait for the answer
	 * @return completes with the peer's peers; fails like {@link #request}
	 */
	public CompletableFuture<List<KnownPeer>> requestKnownPeers(PeerSession session, Duration timeout) {
		return request(session, BuiltInCommand.GET_PEERS, null, new Frame(ControlCode.GET_PEERS, new byte[0]),
				timeout, (reply) -> BuiltInPayloads.readPeers(builtInReply(session, reply, ControlCode.PEERS)));
	}

	private static byte[] builtInReply(PeerSession session, @Nullable Frame reply, int expected) {
		if (reply == null || reply.type() != expected) {
			throw new RemotePacketException(session.getNodeId(), "UnexpectedReply", "expected "
					+ ControlCode.describe(expected) + ", got " + ((reply != null) ? ControlCode.describe(reply.type())
							: "an empty reply"));
		}
		return reply.payload();
	}

	// ---- sending

	/**
	 * Queue a frame for a session, waiting up to {@code p2p.send.timeout} for room.
	 * @param session an established session
	 * @param frame the frame
	 * @param written completed when written (or failed), may be {@code null}
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void send(PeerSession session, Frame frame, @Nullable CompletableFuture<Void> written) {
		send(session, null, frame, written);
	}

	/**
	 * Queue a frame for a session right after the TRACE frame that carries its trace context
	 * (nothing can come between them), waiting up to {@code p2p.send.timeout} for room. The
	 * TRACE frame is dropped for peers in handshake mode {@code none}: dpea-p2p peers know no
	 * control frames.
	 * @param session an established session
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the frame
	 * @param written completed when the frame is written (or failed), may be {@code null}
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void send(PeerSession session, @Nullable Frame trace, Frame frame,
			@Nullable CompletableFuture<Void> written) {
		checkActive(session);
		session.enqueue((trace != null && speaksControlFrames()) ? List.of(trace) : List.of(), frame, written);
	}

	/**
	 * Send a request and wait for its reply: the frame goes out after a REQUEST frame with a
	 * fresh id (and the TRACE frame, if any); the peer's REPLY or ERROR with that id completes
	 * the result, in whatever order replies arrive.
	 * @param <R> the reply's type
	 * @param session an established session
	 * @param type the request's packet type (for metrics)
	 * @param trace the TRACE control frame, or {@code null}
	 * @param frame the request
	 * @param timeout how long to wait for the reply
	 * @param decoder turns the reply's frame ({@code null} when the peer answered with nothing)
	 * into the result
	 * @return completes with the decoded reply; fails with {@link RemotePacketException} for an
	 * ERROR reply, {@link RequestTimeoutException} at the timeout, {@link PeerNotConnectedException}
	 * if the session ends first, or with whatever sending threw
	 */
	public <R> CompletableFuture<R> request(PeerSession session, Enum<?> type, @Nullable Frame trace, Frame frame,
			Duration timeout, Function<@Nullable Frame, @Nullable R> decoder) {
		if (!speaksControlFrames()) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Requests need p2p.handshake.mode=hello: dpea-p2p peers (mode none) cannot answer them"));
		}
		NodeThreads running = this.threads;
		if (!this.running || running == null) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node is not running"));
		}
		long started = System.nanoTime();
		PendingRequests.Pending<R> pending = session.requests.register(running.timers, timeout.toNanos(), decoder,
				(id) -> new RequestTimeoutException("No reply from '" + session.getNodeId() + "' to " + type.name()
						+ " request " + id + " within " + timeout.toMillis() + " ms"));
		pending.result().whenComplete((reply, failure) -> this.metrics.requestCompleted(type,
				RequestOutcome.of(failure), System.nanoTime() - started));
		try {
			checkActive(session);
			Frame request = RequestEnvelopes.request(pending.id(), frame.type());
			session.enqueue((trace != null) ? List.of(trace, request) : List.of(request), frame, null);
		}
		catch (RuntimeException ex) {
			session.requests.fail(pending.id(), ex);
		}
		return pending.result();
	}

	/**
	 * Answer a request.
	 * @param session the peer that asked
	 * @param requestId the request's id
	 * @param trace the TRACE control frame, or {@code null}
	 * @param reply the reply, {@code null} to answer with nothing
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void reply(PeerSession session, int requestId, @Nullable Frame trace, @Nullable Frame reply) {
		session.servingRequests.remove(requestId);
		Frame envelope = RequestEnvelopes.reply(requestId, reply);
		if (reply == null) {
			send(session, null, envelope, null);
		}
		else {
			checkActive(session);
			session.enqueue((trace != null) ? List.of(trace, envelope) : List.of(envelope), reply, null);
		}
	}

	/**
	 * Answer a request with a failure.
	 * @param session the peer that asked
	 * @param requestId the request's id
	 * @param exceptionType the failure's type, as the requester will see it
	 * @param message what went wrong
	 * @throws PeerNotConnectedException if the session is not active
	 * @throws SendQueueFullException if there was no room in time
	 */
	public void replyError(PeerSession session, int requestId, String exceptionType, String message) {
		session.servingRequests.remove(requestId);
		send(session, null, RequestEnvelopes.error(requestId, exceptionType, message), null);
	}

	private void checkActive(PeerSession session) {
		if (!session.isActive()) {
			throw new PeerNotConnectedException(
					"Peer " + session.getNodeId() + " is " + session.getState().name().toLowerCase() + ": cannot send");
		}
	}

	private boolean speaksControlFrames() {
		return this.settings.getHandshakeMode() == HandshakeMode.HELLO;
	}

	/**
	 * Stream data of any size to a peer (docs/PROTOCOL.md §12): a STREAM_OPEN, then chunks of at
	 * most {@code p2p.stream.chunk-size} bytes as the peer grants credit, queued one at a time
	 * among the session's other frames, then a STREAM_END with the length and SHA-256.
	 * @param session an established session
	 * @param type the stream's packet type (the peer's listener for it takes an InputStream)
	 * @param content the data, with an optional name and size for the peer
	 * @return completes when the peer has read the data to its end and found the length and
	 * SHA-256 right (on the connection's reader thread, like replies); fails with
	 * {@link StreamFailedException} if the peer refused or cancelled it, the data did not match,
	 * it timed out, the source failed or the connection ended, or with
	 * {@link PeerNotConnectedException} if the session is not active
	 */
	public CompletableFuture<StreamResult> stream(PeerSession session, Enum<?> type, StreamContent content) {
		if (!speaksControlFrames()) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Streams need p2p.handshake.mode=hello: dpea-p2p peers (mode none) cannot receive them"));
		}
		if (!this.running || this.threads == null) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node is not running"));
		}
		try {
			checkActive(session);
		}
		catch (PeerNotConnectedException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return session.streams.open(this, session, type, content);
	}

	/**
	 * Count, log and publish a stream that ended without success.
	 */
	void streamFailed(PeerSession session, Enum<?> type, int streamId, boolean outbound,
			StreamOutcome outcome, String detail, long bytes, long nanos) {
		this.metrics.streamEnded(type, outbound, outcome, bytes, nanos);
		logger.warn((outbound ? "Stream " + streamId + " of " + type.name() + " to '"
				: "Stream " + streamId + " of " + type.name() + " from '") + session.getNodeId() + "' "
				+ outcome.tag() + ": " + detail);
		publish(new StreamFailedEvent(this, session, type, streamId, outbound, outcome, detail));
	}

	/**
	 * Queue a frame for several sessions.
	 * @param targets the sessions
	 * @param trace the TRACE control frame to precede it, or {@code null}
	 * @param frame the frame (its payload is shared, not copied)
	 * @return futures completed as each write finishes
	 */
	public List<CompletableFuture<Void>> send(Collection<PeerSession> targets, @Nullable Frame trace, Frame frame) {
		List<CompletableFuture<Void>> futures = new ArrayList<>(targets.size());
		for (PeerSession session : targets) {
			CompletableFuture<Void> written = new CompletableFuture<>();
			try {
				send(session, trace, frame, written);
			}
			catch (RuntimeException ex) {
				written.completeExceptionally(ex);
			}
			futures.add(written);
		}
		return futures;
	}

	// ---- dialling

	void dial(DialRequest request) {
		if (this.running) {
			this.threads.io.execute(() -> dialNow(request));
		}
	}

	private void dialNow(DialRequest request) {
		PeerTransport current = this.transport;
		if (current == null || !this.running) {
			request.result.completeExceptionally(new IllegalStateException("P2P node is not running"));
			return;
		}
		DIALLING.set(request);
		try {
			current.connect(request.address.host(), request.address.port());
		}
		catch (IOException | RuntimeException ex) {
			request.result.completeExceptionally(ex);
			if (request.dialer != null) {
				request.dialer.lost(ex.getMessage(), false);
			}
		}
		finally {
			DIALLING.remove();
		}
	}

	void sessionEnded(String nodeId) {
		// no node monitor here: stop() holds it while sessions close
		this.dialers.forEach((dialer) -> dialer.sessionEnded(nodeId));
	}

	boolean isAcceptingConnections() {
		return this.running;
	}

	/**
	 * Report a received packet that no listener got: logged, counted and published as a
	 * {@link dev.p2p.event.PacketRejectedEvent}.
	 * @param session the sender
	 * @param typeCode the packet's type code
	 * @param reason why it was rejected
	 * @param detail the reason in words
	 */
	public void reportRejected(PeerSession session, int typeCode, dev.p2p.event.RejectionReason reason,
			String detail) {
		this.lifecycle.rejected(session, typeCode, reason, detail);
	}

	/**
	 * Report a listener method that threw: logged, counted and published as a
	 * {@link dev.p2p.event.PacketListenerFailedEvent}; the session stays up.
	 * @param session the sender
	 * @param type the packet type
	 * @param listener the listener, as {@code bean.method}
	 * @param exception what it threw
	 */
	public void reportListenerFailure(PeerSession session, Enum<?> type, String listener, Throwable exception) {
		logger.error("Packet listener " + listener + " failed on " + type.name() + " from '" + session.getNodeId() + "'",
				exception);
		publish(new dev.p2p.event.PacketListenerFailedEvent(this, session, type, listener, exception));
	}

	void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

}
