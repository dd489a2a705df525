package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

import dev.p2p.discovery.DiscoveryMode;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.transport.TlsSettings.ClientAuth;

/**
 * Configuration of the peer node, under {@code p2p}.
 */
@ConfigurationProperties("p2p")
public class P2pProperties {

	/**
	 * Whether to run a peer node.
	 */
	private boolean enabled = true;

	/**
	 * Id of this node, unique within its network. Generated when not set (stable for the life
	 * of the process).
	 */
	private String nodeId;

	/**
	 * Network this node belongs to. Peers that announce another network id are denied.
	 */
	private String networkId = "default";

	/**
	 * Enum whose constants are the packet types. Wire codes come from CodedPacketType#code()
	 * when the enum implements it, otherwise from the ordinals.
	 */
	private Class<? extends Enum<?>> packetTypes;

	/**
	 * Largest payload accepted. A frame announcing more closes its connection without the
	 * payload being read.
	 */
	private DataSize maxPayloadSize = DataSize.ofMegabytes(16);

	/**
	 * Static peers as "host:port", dialled at start and redialled with backoff after a loss.
	 */
	private List<String> peers = new ArrayList<>();

	/**
	 * How long dialling a peer may take.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * How long stopping waits for queued packets to be written before closing connections.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	private final Server server = new Server();

	private final Handshake handshake = new Handshake();

	private final Codec codec = new Codec();

	private final Send send = new Send();

	private final Listener listener = new Listener();

	private final Reconnect reconnect = new Reconnect();

	private final Request request = new Request();

	private final Stream stream = new Stream();

	private final Metrics metrics = new Metrics();

	private final Observation observation = new Observation();

	private final Ssl ssl = new Ssl();

	private final Security security = new Security();

	private final Limits limits = new Limits();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Discovery discovery = new Discovery();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(String nodeId) {
		this.nodeId = nodeId;
	}

	public String getNetworkId() {
		return this.networkId;
	}

	public void setNetworkId(String networkId) {
		this.networkId = networkId;
	}

	public Class<? extends Enum<?>> getPacketTypes() {
		return this.packetTypes;
	}

	public void setPacketTypes(Class<? extends Enum<?>> packetTypes) {
		this.packetTypes = packetTypes;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public List<String> getPeers() {
		return this.peers;
	}

	public void setPeers(List<String> peers) {
		this.peers = peers;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Server getServer() {
		return this.server;
	}

	public Handshake getHandshake() {
		return this.handshake;
	}

	public Codec getCodec() {
		return this.codec;
	}

	public Send getSend() {
		return this.send;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Request getRequest() {
		return this.request;
	}

	public Stream getStream() {
		return this.stream;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Observation getObservation() {
		return this.observation;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	/**
	 * The listening side.
	 */
	public static class Server {

		/**
		 * Whether to accept connections. A node that only dials can turn this off.
		 */
		private boolean enabled = true;

		/**
		 * Local address to bind. All interfaces when not set.
		 */
		private String address;

		/**
		 * TCP port to listen on; 0 picks a free port (published in PeerServerStartedEvent).
		 */
		private int port = 5001;

		/**
		 * Host announced to peers in HELLO as this node's listen address. Peers use the
		 * connection's address when not set.
		 */
		private String advertisedHost;

		/**
		 * Most peer sessions at once; further peers are denied. 0 for no limit.
		 */
		private int maxConnections;

		/**
		 * Accept backlog of the server socket.
		 */
		private int backlog = 1024;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getAdvertisedHost() {
			return this.advertisedHost;
		}

		public void setAdvertisedHost(String advertisedHost) {
			this.advertisedHost = advertisedHost;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getBacklog() {
			return this.backlog;
		}

		public void setBacklog(int backlog) {
			this.backlog = backlog;
		}

	}

	/**
	 * How connections start.
	 */
	public static class Handshake {

		/**
		 * Handshake mode: "hello" (HELLO then ACCEPT or DENY) or "none" (raw dpea-p2p frames
		 * from the first byte, for unmodified dpea-p2p peers).
		 */
		private HandshakeMode mode = HandshakeMode.HELLO;

		/**
		 * How long a connection may take to complete its handshake before it is closed.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public HandshakeMode getMode() {
			return this.mode;
		}

		public void setMode(HandshakeMode mode) {
			this.mode = mode;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * How payloads are encoded.
	 */
	public static class Codec {

		/**
		 * Codec of packet types without an override: "json", "bytes", "string", or the name of
		 * a PacketCodec bean.
		 */
		@Name("default")
		private String defaultCodec = "json";

		/**
		 * Codec per packet type, by enum constant name, for example COMMAND1: bytes.
		 */
		private Map<String, String> types = new LinkedHashMap<>();

		public String getDefaultCodec() {
			return this.defaultCodec;
		}

		public void setDefaultCodec(String defaultCodec) {
			this.defaultCodec = defaultCodec;
		}

		public Map<String, String> getTypes() {
			return this.types;
		}

		public void setTypes(Map<String, String> types) {
			this.types = types;
		}

	}

	/**
	 * Outbound queues.
	 */
	public static class Send {

		/**
		 * Bytes that may wait in one peer's outbound queue. A sender that finds it full waits
		 * up to the timeout, then the send fails.
		 */
		private DataSize queueCapacity = DataSize.ofMegabytes(8);

		/**
		 * How long a send waits for room in a full queue before failing with
		 * SendQueueFullException.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public DataSize getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(DataSize queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Packet listener execution.
	 */
	public static class Listener {

		/**
		 * Threads of the node's listener pool (used unless a bean named
		 * "p2pListenerExecutor" is defined). Packets of one peer are handled in order.
		 */
		private int threads = 8;

		/**
		 * Bytes of received packets that may wait for listeners per peer; when full, reading
		 * from that peer pauses (TCP back-pressure).
		 */
		private DataSize queueCapacity = DataSize.ofMegabytes(8);

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public DataSize getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(DataSize queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Redialling of static peers after a loss: exponential backoff with jitter.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first redial.
		 */
		private Duration initialDelay = Duration.ofMillis(200);

		/**
		 * Longest delay between redials.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Factor by which the delay grows after each failed attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Fraction of the delay added or removed at random, so that peers do not redial in step.
		 */
		private double jitter = 0.2;

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Requests sent with PacketOperations.request.
	 */
	public static class Request {

		/**
		 * How long a request waits for its reply before it fails; a reply that comes later is
		 * dropped and counted as a late-reply rejection.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Streams sent with PacketOperations.stream and read by InputStream listeners.
	 */
	public static class Stream {

		/**
		 * Most data bytes per chunk this node sends (1B to 65532B: chunks are control frames,
		 * which are capped at 64KiB).
		 */
		private DataSize chunkSize = DataSize.ofKilobytes(16);

		/**
		 * Most bytes of one incoming stream buffered for its listener: the credit granted to
		 * the sender, which may not have more un-credited bytes in flight. At least the chunk
		 * size; memory per stream stays within it on both sides.
		 */
		private DataSize window = DataSize.ofKilobytes(256);

		/**
		 * Most streams open at once per peer and direction; further ones are refused.
		 */
		private int maxConcurrent = 16;

		/**
		 * A stream with no progress for this long (no credit for its sender, no data for its
		 * reader) fails on both sides.
		 */
		private Duration idleTimeout = Duration.ofSeconds(30);

		public DataSize getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(DataSize chunkSize) {
			this.chunkSize = chunkSize;
		}

		public DataSize getWindow() {
			return this.window;
		}

		public void setWindow(DataSize window) {
			this.window = window;
		}

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			this.maxConcurrent = maxConcurrent;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Micrometer meters (recorded when there is a MeterRegistry bean).
	 */
	public static class Metrics {

		/**
		 * Whether packet and byte counters carry a "peer" tag with the peer's node id. Off by
		 * default: it makes one time series per peer.
		 */
		private boolean peerTag;

		public boolean isPeerTag() {
			return this.peerTag;
		}

		public void setPeerTag(boolean peerTag) {
			this.peerTag = peerTag;
		}

	}

	/**
	 * Micrometer observations (tracing) of sending and handling packets.
	 */
	public static class Observation {

		/**
		 * Whether sending a packet and handling it in listeners are observed through the
		 * ObservationRegistry, with the trace context sent to the peer before each packet (a
		 * TRACE control frame). Off by default: it costs time and bytes per packet.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * TLS for the server and for dialled connections.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose key and trust material secure
		 * every connection. Plain TCP when not set.
		 */
		private String bundle;

		/**
		 * Protocol versions enabled on every connection when the SSL bundle names none in its
		 * options (spring.ssl.bundle.*.*.options.enabled-protocols, which win).
		 */
		private List<String> protocols = new ArrayList<>(List.of("TLSv1.3"));

		/**
		 * Whether the server asks dialers for a certificate: "none", "want" (verified when
		 * given) or "need" (mutual TLS).
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		/**
		 * Whether a dialer checks that the server's certificate names the host it dialled.
		 * Off by default as peers are mostly dialled by IP address; the certificate is always
		 * verified against the bundle's trust store.
		 */
		private boolean verifyHostname;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public List<String> getProtocols() {
			return this.protocols;
		}

		public void setProtocols(List<String> protocols) {
			this.protocols = protocols;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public boolean isVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

	}

	/**
	 * Heartbeat: PING control frames on idle sessions and failure detection (handshake mode
	 * hello only; dpea-p2p peers in mode none are never pinged).
	 */
	public static class Heartbeat {

		/**
		 * Whether to ping peers and close sessions that stay silent.
		 */
		private boolean enabled = true;

		/**
		 * How often every session is pinged.
		 */
		private Duration interval = Duration.ofSeconds(5);

		/**
		 * How long a peer may send nothing at all (no frame, no PONG) before it is declared dead
		 * and its session closed with reason timeout. Must be longer than the interval.
		 */
		private Duration timeout = Duration.ofSeconds(15);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Who may join: the network key and allow-lists.
	 */
	public static class Security {

		/**
		 * Shared secret of the network (at least 16 bytes; a random 32-byte base64 value is
		 * best). Both sides of every handshake prove they hold it without sending it; peers
		 * without it are refused before any check or listener sees them.
		 */
		private String networkKey;

		/**
		 * Node ids allowed to connect (both directions). Any node id when empty.
		 */
		private Set<String> allowedPeers = new LinkedHashSet<>();

		/**
		 * SHA-256 fingerprints (hex, colons allowed) of the TLS certificate public keys
		 * allowed to connect; needs p2p.ssl.bundle, and p2p.ssl.client-auth=need for inbound
		 * peers. Any certificate the trust store accepts when empty.
		 */
		private Set<String> allowedCertificates = new LinkedHashSet<>();

		public String getNetworkKey() {
			return this.networkKey;
		}

		public void setNetworkKey(String networkKey) {
			this.networkKey = networkKey;
		}

		public Set<String> getAllowedPeers() {
			return this.allowedPeers;
		}

		public void setAllowedPeers(Set<String> allowedPeers) {
			this.allowedPeers = allowedPeers;
		}

		public Set<String> getAllowedCertificates() {
			return this.allowedCertificates;
		}

		public void setAllowedCertificates(Set<String> allowedCertificates) {
			this.allowedCertificates = allowedCertificates;
		}

		@Override
		public String toString() {
			return "Security[networkKey=" + ((this.networkKey != null) ? "(hidden)" : "(none)") + ", allowedPeers="
					+ this.allowedPeers + ", allowedCertificates=" + this.allowedCertificates + "]";
		}

	}

	/**
	 * Limits on what peers may hold of this node. Each violation closes the connection with
	 * a reason, publishes an event and counts in p2p.limits.exceeded.
	 */
	public static class Limits {

		/**
		 * Most open inbound connections, handshaking ones included; further connections are
		 * denied at once. 0 for no limit.
		 */
		private int maxConnections = 1024;

		/**
		 * Most open inbound connections from one remote address. 0 for no limit.
		 */
		private int maxConnectionsPerAddress = 64;

		/**
		 * New inbound connections per second from one remote address (token bucket). 0 for
		 * no limit.
		 */
		private double connectionRate = 50;

		/**
		 * Connections one address may open at once before connection-rate applies.
		 */
		private int connectionBurst = 100;

		/**
		 * An established session with no frame received for this long is closed. 0 (the
		 * default) for never: the heartbeat (p2p.heartbeat.timeout) already closes peers that
		 * stay silent; this limit matters with the heartbeat off, or in handshake mode none.
		 */
		private Duration idleTimeout = Duration.ZERO;

		/**
		 * Requests from one peer this node may be serving at once; a peer that sends more is
		 * disconnected. 0 for no limit.
		 */
		private int maxRequestsInFlight = 1024;

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public double getConnectionRate() {
			return this.connectionRate;
		}

		public void setConnectionRate(double connectionRate) {
			this.connectionRate = connectionRate;
		}

		public int getConnectionBurst() {
			return this.connectionBurst;
		}

		public void setConnectionBurst(int connectionBurst) {
			this.connectionBurst = connectionBurst;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxRequestsInFlight() {
			return this.maxRequestsInFlight;
		}

		public void setMaxRequestsInFlight(int maxRequestsInFlight) {
			this.maxRequestsInFlight = maxRequestsInFlight;
		}

	}

	/**
	 * Finding peers without configuring their addresses: UDP adverts on the LAN, a DNS name
	 * with many addresses, and peer exchange.
	 */
	public static class Discovery {

		/**
		 * Whether to advertise this node and listen for the adverts of others over UDP.
		 */
		private boolean enabled;

		/**
		 * How adverts travel: to the IPv4 broadcast address of each interface, or to a multicast
		 * group.
		 */
		private DiscoveryMode mode = DiscoveryMode.BROADCAST;

		/**
		 * UDP port adverts are sent to and received on; every node of a network uses the same
		 * one (several nodes on one machine share it).
		 */
		private int port = 5002;

		/**
		 * Multicast group for mode multicast.
		 */
		private String group = "239.255.42.99";

		/**
		 * How often this node adverts itself. A peer whose adverts stop for three intervals
		 * is forgotten.
		 */
		private Duration interval = Duration.ofSeconds(2);

		/**
		 * Time-to-live of multicast adverts (1 keeps them on the local network).
		 */
		private int ttl = 1;

		/**
		 * Network interface to advertise on and listen on, by name (for example eth0 or lo).
		 * Every IPv4 interface that is up when not set.
		 */
		@Name("interface")
		private String networkInterface;

		/**
		 * Whether to dial the peers discovered by adverts, DNS and peer exchange.
		 */
		private boolean autoConnect = true;

		/**
		 * DNS name whose addresses are all peers, as "name:port" (for example a Kubernetes
		 * headless service); works without UDP adverts.
		 */
		private String dnsName;

		/**
		 * How often the DNS name is resolved again.
		 */
		private Duration dnsInterval = Duration.ofSeconds(30);

		/**
		 * Whether to ask connected peers for their peers (the built-in get_peers command) and
		 * dial the ones this node does not know.
		 */
		private boolean peerExchange;

		/**
		 * How often connected peers are asked for their peers.
		 */
		private Duration peerExchangeInterval = Duration.ofSeconds(30);

		/**
		 * Most peers to be connected to (or being dialled) through discovery, DNS and peer
		 * exchange: no new one is dialled beyond it (static peers are always dialled).
		 */
		private int maxPeers = 50;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DiscoveryMode getMode() {
			return this.mode;
		}

		public void setMode(DiscoveryMode mode) {
			this.mode = mode;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getGroup() {
			return this.group;
		}

		public void setGroup(String group) {
			this.group = group;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getTtl() {
			return this.ttl;
		}

		public void setTtl(int ttl) {
			this.ttl = ttl;
		}

		public String getNetworkInterface() {
			return this.networkInterface;
		}

		public void setNetworkInterface(String networkInterface) {
			this.networkInterface = networkInterface;
		}

		public boolean isAutoConnect() {
			return this.autoConnect;
		}

		public void setAutoConnect(boolean autoConnect) {
			this.autoConnect = autoConnect;
		}

		public String getDnsName() {
			return this.dnsName;
		}

		public void setDnsName(String dnsName) {
			this.dnsName = dnsName;
		}

		public Duration getDnsInterval() {
			return this.dnsInterval;
		}

		public void setDnsInterval(Duration dnsInterval) {
			this.dnsInterval = dnsInterval;
		}

		public boolean isPeerExchange() {
			return this.peerExchange;
		}

		public void setPeerExchange(boolean peerExchange) {
			this.peerExchange = peerExchange;
		}

		public Duration getPeerExchangeInterval() {
			return this.peerExchangeInterval;
		}

		public void setPeerExchangeInterval(Duration peerExchangeInterval) {
			this.peerExchangeInterval = peerExchangeInterval;
		}

		public int getMaxPeers() {
			return this.maxPeers;
		}

		public void setMaxPeers(int maxPeers) {
			this.maxPeers = maxPeers;
		}

	}

}
