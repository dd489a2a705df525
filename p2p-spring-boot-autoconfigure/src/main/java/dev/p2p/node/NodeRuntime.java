package dev.p2p.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;

import javax.net.SocketFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import dev.p2p.event.PeerServerStartedEvent;
import dev.p2p.event.PeerServerStoppedEvent;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerServerBindException;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.DialRequest;
import dev.p2p.session.NodeContext;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.NodeThreads;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.SessionExtension;
import dev.p2p.session.SessionSweeps;
import dev.p2p.transport.Transport;
import dev.p2p.transport.TransportFactory;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.FrameDecoder;

/**
 * What exists only while a {@link PeerNode} runs: its threads, its transport (listening or
 * not), the scheduled session checks and the dialers. Starts them in order, stops them in the
 * reverse order, and dials through them.
 */
final class NodeRuntime {

	private static final Log logger = LogFactory.getLog(PeerNode.class);

	private final PeerNode node;

	private final PeerNodeSettings settings;

	private final @Nullable Executor listenerExecutor;

	private final String instanceId;

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
	 * Create the runtime of a node, and the node's engine context.
	 * @param node the node (the source of its events)
	 * @param settings configuration
	 * @param packetTypes the packet-type enum's codes
	 * @param listenerExecutor runs packet handling; {@code null} for a pool owned by the node
	 * @param transportFactory makes the transport at each start
	 * @param instanceId the node's instance id
	 * @param contextFactory makes the engine context of the node's identity and hooks
	 */
	NodeRuntime(PeerNode node, PeerNodeSettings settings, PacketTypeRegistry packetTypes,
			@Nullable Executor listenerExecutor, TransportFactory transportFactory, String instanceId,
			BiFunction<PeerIdentity, NodeContext.NodeHooks, NodeContext> contextFactory) {
		this.node = node;
		this.settings = settings;
		this.listenerExecutor = listenerExecutor;
		this.transportFactory = transportFactory;
		this.instanceId = instanceId;
		this.context = contextFactory.apply(identityListeningOn(0), new Hooks());
		this.acceptedTypes = acceptedTypes(settings, packetTypes, this.context);
	}

	NodeContext context() {
		return this.context;
	}

	void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			NodeThreads started = new NodeThreads(this.settings.getNodeId(), this.settings, this.listenerExecutor);
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
			logger.info("P2P node '" + this.settings.getNodeId() + "' (network '" + this.settings.getNetworkId()
					+ "', handshake " + this.settings.getHandshakeMode().name().toLowerCase() + ") listening on " + bound);
			this.context.publishEvent(new PeerServerStartedEvent(this.node, bound));
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

	void stop() {
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
				this.context.publishEvent(new PeerServerStoppedEvent(this.node));
			}
			NodeThreads stopped = this.threads;
			this.context.running(null);
			if (stopped != null) {
				stopped.shutdown();
			}
			logger.info("P2P node '" + this.settings.getNodeId() + "' stopped");
		}
	}

	boolean isRunning() {
		return this.running;
	}

	@Nullable InetSocketAddress boundAddress() {
		return this.boundAddress;
	}

	boolean isListening() {
		Transport current = this.transport;
		return current != null && current.isListening();
	}

	SocketFactory adoptableSockets() {
		Transport current = this.transport;
		return (current != null) ? current.adoptableSockets() : SocketFactory.getDefault();
	}

	void adopt(Socket socket, boolean accepting, byte[] first) throws IOException {
		Transport current = this.transport;
		if (current == null || !this.running) {
			socket.close();
			throw new IOException("P2P node '" + this.settings.getNodeId() + "' is not running");
		}
		current.adopt(socket, accepting, first);
	}

	// ---- dialling

	List<PeerAddress> unreachableStaticPeers() {
		PeerDialers current = this.dialers;
		return (current != null && this.running) ? current.unreachable(this.settings.getPeers())
				: List.copyOf(this.settings.getPeers());
	}

	boolean keepConnected(PeerAddress address, Duration firstDialDelay) {
		synchronized (this.monitor) {
			PeerDialers current = this.dialers;
			return this.running && current != null && current.keep(address, firstDialDelay);
		}
	}

	boolean stopKeepingConnected(PeerAddress address) {
		PeerDialers current = this.dialers;
		return !this.settings.getPeers().contains(address) && current != null && current.drop(address);
	}

	boolean isKeptConnected(PeerAddress address) {
		PeerDialers current = this.dialers;
		return current != null && current.isKept(address);
	}

	CompletableFuture<PeerSession> connect(String nodeId) {
		PeerSession existing = this.context.directory().find(nodeId);
		if (existing != null) {
			return CompletableFuture.completedFuture(existing);
		}
		if (!this.running) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("P2P node '"
					+ this.settings.getNodeId() + "' is not running"));
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

	CompletableFuture<PeerSession> connect(PeerAddress address) {
		PeerDialers current = this.dialers;
		if (!this.running || current == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("P2P node is not running"));
		}
		return current.connect(address);
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

	/** What the session engine tells this node. */
	private final class Hooks implements NodeContext.NodeHooks {

		@Override
		public boolean isRunning() {
			return NodeRuntime.this.running;
		}

		@Override
		public void sessionEnded(String nodeId) {
			// no node monitor here: stop() holds it while sessions close
			PeerDialers current = NodeRuntime.this.dialers;
			if (current != null) {
				current.sessionEnded(nodeId);
			}
		}

		@Override
		public void redial(DialRequest request) {
			PeerDialers current = NodeRuntime.this.dialers;
			if (current != null) {
				current.dial(request);
			}
			else {
				request.result().completeExceptionally(new IllegalStateException("P2P node is not running"));
			}
		}

	}

}
