package dev.p2p.compat.pnet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import dev.p2p.compat.BlockingServer;
import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.CompatProfile;
import dev.p2p.compat.CompatThreads;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.RejectionReason;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.session.AttachedSessions;

/**
 * The pnet profile of a node: it is a pnet {@code CommandNode}. Its TCP server takes one
 * encrypted line per connection and answers it (CommandNode calls land on the node's
 * {@code @PacketListener}s, see {@link ListenerFunctionTable}); its adverts make it known to
 * pnet nodes and theirs make them known to it; {@link #call} calls a function of a pnet node.
 * Requests are served by a bounded pool, each with a read timeout and a line cap (pnet has
 * neither). Starts after the node and stops before it.
 */
public class PnetNode extends CompatProfile {

	private static final Log logger = LogFactory.getLog(PnetNode.class);

	private final PnetSettings settings;

	private final JsonMapper mapper;

	private final CompatMetrics metrics;

	private final SecureRandom random = new SecureRandom();

	private final PnetNodeCipher cipher;

	private final PnetNetworkLayer layer;

	private final ListenerFunctionTable functions;

	private final PnetPeers peers;

	private final PnetRequestHandler handler;

	private volatile @Nullable BlockingServer server;

	private volatile @Nullable ExecutorService pool;

	private volatile @Nullable ScheduledThreadPoolExecutor timer;

	private volatile @Nullable PnetAdverts adverts;

	/**
	 * Create the profile.
	 * @param settings its configuration
	 * @param node the node whose listeners answer calls
	 * @param packetTypes the packet types (function names)
	 * @param codecs the codecs of their payloads
	 * @param mapper reads and writes call bodies
	 * @param metrics counts refusals
	 * @param takesPackets whether a packet type has packet listeners (it is then a function)
	 */
	public PnetNode(PnetSettings settings, PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs,
			JsonMapper mapper, CompatMetrics metrics, Predicate<Enum<?>> takesPackets) {
		super(node);
		this.settings = settings;
		this.mapper = mapper;
		this.metrics = metrics;
		this.cipher = new PnetNodeCipher(settings.keyPair(), this.random);
		this.layer = new PnetNetworkLayer(settings.networkKey(), this.random);
		this.functions = new ListenerFunctionTable(node, packetTypes, codecs, mapper, settings.callTimeout(),
				takesPackets);
		this.peers = new PnetPeers(node.attachedSessions(), settings.peerExpiry());
		PnetCommandHandler commands = new PnetCommandHandler(this.functions, this.peers::names, mapper);
		PnetChunkedServer chunked = new PnetChunkedServer(settings.name(), Map.of(PnetCommandHandler.FUNCTION, commands),
				settings.maxConnections(), settings.maxTransferSize(), settings.callTimeout().multipliedBy(3),
				System::nanoTime, this.random);
		this.handler = new PnetRequestHandler(settings.networkId(), this.cipher, this.layer, chunked);
		this.handler.onErrorAnswer(this::answeredWithError);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			ThreadPoolExecutor requests = CompatThreads.pool(this.settings.maxConnections() + 1, "p2p-pnet-");
			ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
					CompatThreads.factory("p2p-pnet-timer-"));
			PnetAdverts newAdverts = new PnetAdverts(this.settings, this.layer, this::ownAdvert, this.peers,
					attached(), this.metrics);
			try {
				this.server = BlockingServer.start(this.settings.bindAddress(), this.settings.serverPort(), requests,
						() -> true, this::serve, this::refuse);
				this.running = true;
				newAdverts.start(timers);
			}
			catch (IOException ex) {
				stop();
				requests.shutdownNow();
				timers.shutdownNow();
				throw new IllegalStateException("p2p.pnet: cannot listen on " + this.settings.bindAddress() + " (server port "
						+ this.settings.serverPort() + ", advertise port " + this.settings.advertisePort() + "): "
						+ ex.getMessage(), ex);
			}
			this.pool = requests;
			this.timer = timers;
			this.adverts = newAdverts;
			logger.info("pnet profile of node '" + this.node.getNodeId() + "': CommandNode '" + this.settings.name()
					+ "' of network '" + this.settings.networkId() + "' listening on " + getServerPort()
					+ ", adverts on UDP " + this.settings.advertisePort()
					+ (this.layer.isKeyed() ? " (network key set)" : " (no network key)"));
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.running = false;
			PnetAdverts currentAdverts = this.adverts;
			if (currentAdverts != null) {
				currentAdverts.stop();
			}
			BlockingServer socket = this.server;
			if (socket != null) {
				socket.close();
			}
			for (ExecutorService executor : new ExecutorService[] { this.pool, this.timer }) {
				if (executor != null) {
					executor.shutdownNow();
				}
			}
			this.adverts = null;
			this.server = null;
		}
	}

	/**
	 * The TCP port pnet nodes send requests to.
	 * @return the bound port, or -1 when stopped
	 */
	public int getServerPort() {
		BlockingServer socket = this.server;
		return (socket != null) ? socket.port() : -1;
	}

	/**
	 * This node's pnet name.
	 * @return the name
	 */
	public String getName() {
		return this.settings.name();
	}

	/**
	 * This node's RSA public key, as its adverts carry it.
	 * @return the key
	 */
	public RSAPublicKey getPublicKey() {
		return this.cipher.publicKey();
	}

	/**
	 * The pnet nodes known from their adverts.
	 * @return a snapshot
	 */
	public List<PnetPeer> getPeers() {
		return this.peers.all();
	}

	/**
	 * Call a function of a pnet node, as {@code node.target(peer).function(*args)} does.
	 * @param peer the node's pnet name (known from its adverts)
	 * @param function the function name
	 * @param args the positional arguments
	 * @return the function's value; fails with {@link PnetCallException} when the node answers
	 * with an error, {@link PeerNotConnectedException} when the node is unknown, or an
	 * {@code IOException} / {@code TimeoutException} ({@code p2p.pnet.call-timeout})
	 */
	public CompletableFuture<JsonNode> call(String peer, String function, ArrayNode args) {
		PnetPeer target = this.peers.find(peer);
		ExecutorService executor = this.pool;
		if (target == null || executor == null) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException(
					"pnet node '" + peer + "' is not known (no advert seen)"));
		}
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		try {
			executor.execute(() -> {
				try {
					result.complete(callNow(target, function, args));
				}
				catch (Exception ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
		return result.orTimeout(this.settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private JsonNode callNow(PnetPeer target, String function, ArrayNode args) throws IOException {
		PnetTcpExchange exchange = new PnetTcpExchange(new InetSocketAddress(target.host(), target.port()),
				target.publicKey(), this.settings.networkId(), this.cipher, this.layer, this.settings.callTimeout(),
				this.settings.maxLineLength());
		byte[] body = new CommandCall(function, args, this.mapper.createObjectNode()).toJson(this.mapper);
		byte[] result = new PnetChunkedClient(this.settings.name(), this.settings.maxTransferSize(), this.random)
			.call(exchange, PnetCommandHandler.FUNCTION, body);
		CommandAnswer answer = CommandAnswer.parse(result, this.mapper);
		if (!answer.isSuccess()) {
			throw new PnetCallException(target.name(), function, answer.description());
		}
		return answer.value();
	}

	private PnetAdvert ownAdvert() {
		String host = this.settings.advertisedHost();
		return new PnetAdvert(this.settings.name(),
				(host != null) ? host : CompatThreads.siteLocalAddress().getHostAddress(), getServerPort(),
				this.cipher.publicKey());
	}

	/** No thread for another request: count, report and close. */
	private void refuse(Socket socket) {
		this.metrics.refused(PnetSettings.PROFILE, "connection-limit");
		attached().handshakeFailed((InetSocketAddress) socket.getRemoteSocketAddress(), null, true,
				HandshakeFailure.LIMIT_EXCEEDED,
				"pnet: " + this.settings.maxConnections() + " requests in progress already (p2p.pnet.max-connections)");
		close(socket);
	}

	/** One request: one line in, at most one line out, then close (as pnet's NodeHandler). */
	private void serve(Socket socket) {
		InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
		try (socket) {
			socket.setSoTimeout((int) this.settings.readTimeout().toMillis());
			String text = PnetLine.readText(socket.getInputStream(), this.settings.maxLineLength());
			if (text == null) {
				return;
			}
			PnetLine reply;
			this.functions.serving(new InetSocketAddress[] { remote, (InetSocketAddress) socket.getLocalSocketAddress() });
			try {
				reply = this.handler.handle(text);
			}
			catch (PnetProtocolException ex) {
				refused(remote, ex);
				reply = this.handler.errorReply(ex);
			}
			finally {
				this.functions.serving(null);
			}
			if (reply != null) {
				socket.getOutputStream().write(reply.toBytes());
			}
		}
		catch (SocketTimeoutException ex) {
			refused(remote, new PnetProtocolException(PnetViolation.READ_TIMEOUT, "pnet client sent no complete line within "
					+ this.settings.readTimeout().toMillis() + " ms (p2p.pnet.read-timeout)"));
		}
		catch (PnetProtocolException ex) {
			refused(remote, ex);
		}
		catch (IOException ex) {
			logger.debug("pnet request from " + remote + " failed: " + ex.getMessage());
		}
	}

	private void refused(InetSocketAddress remote, PnetProtocolException ex) {
		PnetViolation violation = ex.getViolation();
		this.metrics.refused(PnetSettings.PROFILE, violation.tag());
		String detail = "pnet " + violation.tag() + ": " + ex.getMessage();
		switch (violation) {
			case READ_TIMEOUT -> attached().handshakeFailed(remote, null, true, HandshakeFailure.TIMEOUT, detail);
			case WRONG_NETWORK -> attached().handshakeFailed(remote, null, true, HandshakeFailure.DENIED_LOCALLY, detail);
			case NET_DECRYPTION, RSA_DECRYPTION ->
				attached().handshakeFailed(remote, null, true, HandshakeFailure.UNAUTHENTICATED, detail);
			case OVERSIZE -> attached().rejected(remote, null, RejectionReason.OVERSIZE, detail);
			default -> attached().rejected(remote, null, RejectionReason.DECODE_ERROR, detail);
		}
	}

	/** An AdvancedNode error answer: a wrong checksum, an unknown transfer id, an unknown command. */
	private void answeredWithError(String reason) {
		String tag = reason.replace(' ', '-');
		this.metrics.refused(PnetSettings.PROFILE, tag);
		InetSocketAddress[] connection = this.functions.current();
		InetSocketAddress remote = (connection != null) ? connection[0] : new InetSocketAddress(0);
		attached().rejected(remote, null, RejectionReason.DECODE_ERROR, "pnet " + tag + ": answered ERROR?rs=" + reason);
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	private AttachedSessions attached() {
		return this.node.attachedSessions();
	}

}
