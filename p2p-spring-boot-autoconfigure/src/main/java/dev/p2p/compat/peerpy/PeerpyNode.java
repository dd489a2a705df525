package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.BlockingServer;
import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.CompatProfile;
import dev.p2p.compat.CompatThreads;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.PeerOffer;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.session.AttachedSessions;

/**
 * The peerpy profile of a node: a second TCP server where unmodified peerpy {@code Peer}s
 * connect, the peerpy peers the node dials ({@code p2p.peerpy.peers}) and peerpy's UDP
 * discovery. Each connection is a blocking socket read by its own thread from a bounded pool
 * (peerpy traffic is low; a slow listener holds up only its own peer); accepted connections
 * become {@link PeerpySession}s attached to the node, so events, metrics, the actuator,
 * {@code PacketOperations} and {@code @PacketListener}s treat them like any peer. Starts after
 * the node and stops before it.
 */
public class PeerpyNode extends CompatProfile {

	private static final Log logger = LogFactory.getLog(PeerpyNode.class);

	private final PeerpySettings settings;

	private final PeerpyCodec codec;

	private final CompatMetrics metrics;

	private final PeerpyFrameReader reader;

	private final Set<PeerpySession> sessions = ConcurrentHashMap.newKeySet();

	private volatile @Nullable BlockingServer server;

	private volatile @Nullable ExecutorService connections;

	private volatile @Nullable PeerpyDialer dialer;

	private volatile @Nullable PeerpyDiscovery discovery;

	/**
	 * Create the profile.
	 * @param settings its configuration
	 * @param node the node its peers join
	 * @param mapper reads and writes json DATA
	 * @param metrics counts refusals
	 */
	public PeerpyNode(PeerpySettings settings, PeerNode node, JsonMapper mapper, CompatMetrics metrics) {
		super(node);
		this.settings = settings;
		this.codec = new PeerpyCodec(settings.packetType(), mapper, settings.maxSendSize());
		this.metrics = metrics;
		this.reader = new PeerpyFrameReader(settings.maxPayloadSize());
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			ThreadPoolExecutor pool = CompatThreads.pool(
					this.settings.maxConnections() + this.settings.peers().size() + 1, "p2p-peerpy-");
			this.connections = pool;
			try {
				this.server = BlockingServer.start(this.settings.bindAddress(), this.settings.port(), pool,
						() -> this.sessions.size() < this.settings.maxConnections(), this::serveOffer, this::refuse);
			}
			catch (IOException ex) {
				pool.shutdownNow();
				throw new IllegalStateException("p2p.peerpy.port: cannot listen on " + this.settings.bindAddress() + ":"
						+ this.settings.port() + ": " + ex.getMessage(), ex);
			}
			this.running = true;
			logger.info("peerpy profile of node '" + this.node.getNodeId() + "' listening on " + getAddress()
					+ " (packet type " + this.settings.packetType().name() + ")");
			PeerpyDialer newDialer = new PeerpyDialer(this, this.settings);
			this.dialer = newDialer;
			this.settings.peers().forEach(newDialer::keep);
			if (this.settings.discovery()) {
				PeerpyDiscovery newDiscovery = new PeerpyDiscovery(this.settings.discoveryPort(), this::getAddress,
						this.node.attachedSessions(), this.metrics);
				newDiscovery.start();
				this.discovery = newDiscovery;
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
			PeerpyDiscovery currentDiscovery = this.discovery;
			if (currentDiscovery != null) {
				currentDiscovery.stop();
			}
			PeerpyDialer currentDialer = this.dialer;
			if (currentDialer != null) {
				currentDialer.stop();
			}
			BlockingServer socket = this.server;
			if (socket != null) {
				socket.close();
			}
			for (PeerpySession session : List.copyOf(this.sessions)) {
				session.close(DisconnectReason.SHUTDOWN, "node '" + this.node.getNodeId() + "' is stopping");
			}
			ExecutorService pool = this.connections;
			if (pool != null) {
				pool.shutdownNow();
			}
			logger.info("peerpy profile of node '" + this.node.getNodeId() + "' stopped");
		}
	}

	/**
	 * The port peerpy peers connect to.
	 * @return the bound port, or -1 when stopped
	 */
	public int getPort() {
		BlockingServer socket = this.server;
		return (socket != null && this.running) ? socket.port() : -1;
	}

	/**
	 * This node's peerpy address: its {@code peer_name} in HELLOs and PONGs.
	 * @return advertised host and bound port
	 */
	public PeerpyAddress getAddress() {
		String host = this.settings.advertisedHost();
		return new PeerpyAddress((host != null) ? host : CompatThreads.siteLocalAddress().getHostAddress(),
				Math.max(getPort(), 0));
	}

	/**
	 * The peerpy sessions open now.
	 * @return a snapshot
	 */
	public List<PeerpySession> getSessions() {
		return new ArrayList<>(this.sessions);
	}

	/**
	 * Look for peerpy peers as peerpy's {@code get_local_peers()} does (a broadcast PING on the
	 * discovery port, PONGs collected until none came for half a second).
	 * @param from the local address to send from (its port is the discovery port)
	 * @return the peers that answered, this node excluded
	 * @throws IOException if the socket cannot be opened
	 */
	public List<PeerpyAddress> seek(InetAddress from) throws IOException {
		return seek(from, InetAddress.getByName("255.255.255.255"));
	}

	/**
	 * Look for peerpy peers with a PING to a given broadcast address.
	 * @param from the local address to send from (its port is the discovery port)
	 * @param broadcast where the PING goes, such as an interface's broadcast address
	 * @return the peers that answered, this node excluded
	 * @throws IOException if the socket cannot be opened
	 */
	public List<PeerpyAddress> seek(InetAddress from, InetAddress broadcast) throws IOException {
		List<PeerpyAddress> found = PeerpyDiscovery.seek(from, broadcast, this.settings.discoveryPort(), getAddress());
		for (PeerpyAddress address : found) {
			attached().publish(new PeerDiscoveredEvent(attached().eventSource(), address.toString(),
					new PeerAddress(address.host(), address.port()), DiscoverySource.PEERPY));
		}
		return found;
	}

	/**
	 * Dial a peerpy peer once and keep the connection until it ends.
	 * @param address its peerpy address
	 * @return the session
	 * @throws IOException if the connection or the handshake fails (a DENY included)
	 */
	public PeerpySession connect(PeerpyAddress address) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(address.host(), address.port()),
					(int) this.settings.helloTimeout().toMillis());
			socket.setSoTimeout((int) this.settings.helloTimeout().toMillis());
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			out.write(new PeerpyHello(getAddress().toString(), this.settings.dataType(), true, false).toBytes());
			out.flush();
			InputStream in = socket.getInputStream();
			if (!this.reader.readAnswer(in)) {
				errors().handshakeFailed((InetSocketAddress) socket.getRemoteSocketAddress(), address.toString(), false,
						HandshakeFailure.DENIED_BY_PEER, "denied", "peerpy peer " + address + " did not ACCEPT");
				throw new IOException("peerpy peer " + address + " did not accept the offer");
			}
			socket.setSoTimeout((int) this.settings.idleTimeout().toMillis());
			PeerpySession session = new PeerpySession(address.toString(), socket, this.settings.dataType(),
					Direction.OUTBOUND, this.codec, attached());
			run(session, in);
			return session;
		}
		catch (IOException | RuntimeException ex) {
			PeerpySockets.reset(socket);
			throw ex;
		}
	}

	boolean isPeerConnected(String peerName) {
		return this.node.findSession(peerName).isPresent();
	}

	private void run(PeerpySession session, InputStream in) throws IOException {
		attached().attach(session);
		this.sessions.add(session);
		ExecutorService pool = this.connections;
		try {
			if (pool == null) {
				throw new RejectedExecutionException("stopped");
			}
			pool.execute(() -> {
				try {
					session.readLoop(in, this.reader, errors());
				}
				finally {
					this.sessions.remove(session);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.sessions.remove(session);
			session.close(DisconnectReason.LIMIT_EXCEEDED, "no thread for another peerpy connection");
		}
	}

	/** No thread (or p2p.peerpy.max-connections reached): count, report and reset. */
	private void refuse(Socket socket) {
		errors().handshakeFailed((InetSocketAddress) socket.getRemoteSocketAddress(), null, true,
				HandshakeFailure.LIMIT_EXCEEDED, "connection-limit",
				"p2p.peerpy.max-connections (" + this.settings.maxConnections() + ") reached");
		PeerpySockets.reset(socket);
	}

	/** Read a HELLO, decide, answer, then read the connection until it ends. */
	private void serveOffer(Socket socket) {
		InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
		PeerpyHello hello;
		try {
			socket.setSoTimeout((int) this.settings.helloTimeout().toMillis());
			socket.setTcpNoDelay(true);
			InputStream in = socket.getInputStream();
			hello = this.reader.readHello(in);
			if (hello == null) {
				PeerpySockets.reset(socket);
				return;
			}
			PeerpyProtocolException refusal = hello.refusal().orElse(null);
			if (refusal != null) {
				deny(socket, hello.peerName(), HandshakeFailure.DENIED_LOCALLY, refusal.getViolation().tag(),
						refusal.getMessage());
				return;
			}
			PeerIdentity identity = new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, hello.peerName(), "peerpy",
					this.node.getNetworkId(), null, 0, hello.dataType().wireName());
			HandshakeDecision decision = attached().judge(new PeerOffer(identity, remote, attached().activeCount()));
			if (!decision.accepted()) {
				deny(socket, hello.peerName(), HandshakeFailure.DENIED_LOCALLY, "denied",
						String.valueOf(decision.reason()));
				return;
			}
			PeerpySession session = new PeerpySession(hello.peerName(), socket, hello.dataType(), Direction.INBOUND,
					this.codec, attached());
			OutputStream out = socket.getOutputStream();
			out.write(PeerpyControl.ACCEPT.toBytes());
			out.flush();
			socket.setSoTimeout((int) this.settings.idleTimeout().toMillis());
			attached().attach(session);
			this.sessions.add(session);
			try {
				session.readLoop(in, this.reader, errors());
			}
			finally {
				this.sessions.remove(session);
			}
		}
		catch (SocketTimeoutException ex) {
			errors().handshakeFailed(remote, null, true, HandshakeFailure.TIMEOUT, "hello-timeout",
					"no complete HELLO within " + this.settings.helloTimeout().toMillis() + " ms");
			PeerpySockets.reset(socket);
		}
		catch (PeerpyProtocolException ex) {
			deny(socket, null, HandshakeFailure.MALFORMED, ex.getViolation().tag(), ex.getMessage());
		}
		catch (IOException ex) {
			logger.debug("peerpy connection from " + remote + " failed: " + ex.getMessage());
			PeerpySockets.reset(socket);
		}
	}

	/** DENY (peerpy's dialer returns False on it), count and report, then reset. */
	private void deny(Socket socket, @Nullable String peerName, HandshakeFailure failure, String tag, String detail) {
		try {
			socket.getOutputStream().write(PeerpyControl.DENY.toBytes());
		}
		catch (IOException ex) {
			// reset below anyway
		}
		errors().handshakeFailed((InetSocketAddress) socket.getRemoteSocketAddress(), peerName, true, failure, tag,
				detail);
		PeerpySockets.reset(socket);
	}

	private AttachedSessions attached() {
		return this.node.attachedSessions();
	}

	private PeerpyErrors errors() {
		return new PeerpyErrors(attached(), this.metrics);
	}

}
