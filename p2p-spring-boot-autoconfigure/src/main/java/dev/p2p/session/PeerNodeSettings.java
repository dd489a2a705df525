package dev.p2p.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.p2p.handshake.HandshakeMode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.security.ConnectionLimits;
import dev.p2p.security.NetworkKey;
import dev.p2p.stream.StreamSettings;
import dev.p2p.transport.TlsSettings;
import dev.p2p.transport.TransportSettings;

/**
 * Everything a node (dev.p2p.node.PeerNode) is configured with; the auto-configuration fills it from
 * {@code p2p.*} properties. Defaults match the documented property defaults.
 */
public class PeerNodeSettings {

	private String nodeId = "node";

	private String networkId = "default";

	private HandshakeMode handshakeMode = HandshakeMode.HELLO;

	private Duration handshakeTimeout = Duration.ofSeconds(5);

	private Duration helloTimeout = Duration.ofSeconds(2);

	private boolean serverEnabled = true;

	private @Nullable String serverAddress;

	private int serverPort = 5001;

	private @Nullable String advertisedHost;

	private int maxConnections;

	private List<PeerAddress> peers = new ArrayList<>();

	private int maxPayloadSize = 16 * 1024 * 1024;

	private long sendQueueCapacity = 8 * 1024 * 1024;

	private Duration sendTimeout = Duration.ofSeconds(5);

	private long receiveQueueCapacity = 8 * 1024 * 1024;

	private int sendQueuePackets = 65_536;

	private int receiveQueuePackets = 65_536;

	private int listenerThreads = 8;

	private boolean virtualThreads;

	private ReconnectBackoff reconnect = ReconnectBackoff.DEFAULT;

	private Duration shutdownTimeout = Duration.ofSeconds(5);

	private String codec = "json";

	private TransportSettings transport = TransportSettings.DEFAULTS;

	private @Nullable TlsSettings tls;

	private @Nullable NetworkKey networkKey;

	private Set<String> allowedPeers = Set.of();

	private Set<String> allowedCertificates = Set.of();

	private ConnectionLimits limits = ConnectionLimits.DEFAULTS;

	private StreamSettings streams = StreamSettings.DEFAULTS;

	/** @return how streams behave */
	public StreamSettings getStreams() {
		return this.streams;
	}

	/** @param streams how streams behave */
	public void setStreams(StreamSettings streams) {
		this.streams = streams;
	}

	private @Nullable Duration heartbeatInterval = Duration.ofSeconds(5);

	private Duration heartbeatTimeout = Duration.ofSeconds(15);

	/** @return this node's id */
	public String getNodeId() {
		return this.nodeId;
	}

	/** @param nodeId this node's id */
	public void setNodeId(String nodeId) {
		this.nodeId = nodeId;
	}

	/** @return the network id peers must share */
	public String getNetworkId() {
		return this.networkId;
	}

	/** @param networkId the network id peers must share */
	public void setNetworkId(String networkId) {
		this.networkId = networkId;
	}

	/** @return whether connections start with HELLO */
	public HandshakeMode getHandshakeMode() {
		return this.handshakeMode;
	}

	/** @param handshakeMode whether connections start with HELLO */
	public void setHandshakeMode(HandshakeMode handshakeMode) {
		this.handshakeMode = handshakeMode;
	}

	/** @return how long a handshake may take */
	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	/** @param handshakeTimeout how long a handshake may take */
	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	/** @return how long an inbound connection may take to deliver its HELLO */
	public Duration getHelloTimeout() {
		return this.helloTimeout;
	}

	/** @param helloTimeout how long an inbound connection may take to deliver its HELLO */
	public void setHelloTimeout(Duration helloTimeout) {
		this.helloTimeout = helloTimeout;
	}

	/** @return whether to accept connections */
	public boolean isServerEnabled() {
		return this.serverEnabled;
	}

	/** @param serverEnabled whether to accept connections */
	public void setServerEnabled(boolean serverEnabled) {
		this.serverEnabled = serverEnabled;
	}

	/** @return address to bind, {@code null} for all */
	public @Nullable String getServerAddress() {
		return this.serverAddress;
	}

	/** @param serverAddress address to bind, {@code null} for all */
	public void setServerAddress(@Nullable String serverAddress) {
		this.serverAddress = serverAddress;
	}

	/** @return port to bind, 0 for ephemeral */
	public int getServerPort() {
		return this.serverPort;
	}

	/** @param serverPort port to bind, 0 for ephemeral */
	public void setServerPort(int serverPort) {
		this.serverPort = serverPort;
	}

	/** @return host advertised in HELLO, {@code null} to let peers use the connection's address */
	public @Nullable String getAdvertisedHost() {
		return this.advertisedHost;
	}

	/** @param advertisedHost host advertised in HELLO */
	public void setAdvertisedHost(@Nullable String advertisedHost) {
		this.advertisedHost = advertisedHost;
	}

	/** @return most sessions, 0 for no limit */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/** @param maxConnections most sessions, 0 for no limit */
	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/** @return static peers */
	public List<PeerAddress> getPeers() {
		return this.peers;
	}

	/** @param peers static peers */
	public void setPeers(List<PeerAddress> peers) {
		this.peers = peers;
	}

	/** @return largest payload in bytes */
	public int getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	/** @param maxPayloadSize largest payload in bytes */
	public void setMaxPayloadSize(int maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	/** @return bytes queued per peer before senders wait */
	public long getSendQueueCapacity() {
		return this.sendQueueCapacity;
	}

	/** @param sendQueueCapacity bytes queued per peer before senders wait */
	public void setSendQueueCapacity(long sendQueueCapacity) {
		this.sendQueueCapacity = sendQueueCapacity;
	}

	/** @return how long a sender waits for room before the send fails */
	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	/** @param sendTimeout how long a sender waits for room */
	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	/** @return bytes received per peer awaiting listeners before reading pauses */
	public long getReceiveQueueCapacity() {
		return this.receiveQueueCapacity;
	}

	/** @param receiveQueueCapacity bytes received per peer awaiting listeners */
	public void setReceiveQueueCapacity(long receiveQueueCapacity) {
		this.receiveQueueCapacity = receiveQueueCapacity;
	}

	/** @return packets queued per peer before senders wait */
	public int getSendQueuePackets() {
		return this.sendQueuePackets;
	}

	/** @param sendQueuePackets packets queued per peer before senders wait */
	public void setSendQueuePackets(int sendQueuePackets) {
		this.sendQueuePackets = sendQueuePackets;
	}

	/** @return packets received per peer awaiting listeners before reading pauses */
	public int getReceiveQueuePackets() {
		return this.receiveQueuePackets;
	}

	/** @param receiveQueuePackets packets received per peer awaiting listeners before reading pauses */
	public void setReceiveQueuePackets(int receiveQueuePackets) {
		this.receiveQueuePackets = receiveQueuePackets;
	}

	/** @return size of the node's own listener pool */
	public int getListenerThreads() {
		return this.listenerThreads;
	}

	/** @param listenerThreads size of the node's own listener pool */
	public void setListenerThreads(int listenerThreads) {
		this.listenerThreads = listenerThreads;
	}

	/** @return whether connection readers and writers run on virtual threads (Java 21+) */
	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	/** @param virtualThreads whether connection readers and writers run on virtual threads */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/** @return backoff for redialling static peers */
	public ReconnectBackoff getReconnect() {
		return this.reconnect;
	}

	/** @param reconnect backoff for redialling static peers */
	public void setReconnect(ReconnectBackoff reconnect) {
		this.reconnect = reconnect;
	}

	/** @return how long stop waits for queued frames to leave */
	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	/** @param shutdownTimeout how long stop waits for queued frames */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/** @return the default codec's name, announced in HELLO */
	public String getCodec() {
		return this.codec;
	}

	/** @param codec the default codec's name */
	public void setCodec(String codec) {
		this.codec = codec;
	}

	/** @return socket settings */
	public TransportSettings getTransport() {
		return this.transport;
	}

	/** @param transport socket settings */
	public void setTransport(TransportSettings transport) {
		this.transport = transport;
	}

	/** @return TLS for every connection, {@code null} for plain TCP */
	public @Nullable TlsSettings getTls() {
		return this.tls;
	}

	/** @param tls TLS for every connection, {@code null} for plain TCP */
	public void setTls(@Nullable TlsSettings tls) {
		this.tls = tls;
	}

	/** @return the network's shared key, {@code null} when peers need none */
	public @Nullable NetworkKey getNetworkKey() {
		return this.networkKey;
	}

	/** @param networkKey the network's shared key, {@code null} when peers need none */
	public void setNetworkKey(@Nullable NetworkKey networkKey) {
		this.networkKey = networkKey;
	}

	/** @return node ids allowed to connect, empty for any */
	public Set<String> getAllowedPeers() {
		return this.allowedPeers;
	}

	/** @param allowedPeers node ids allowed to connect, empty for any */
	public void setAllowedPeers(Set<String> allowedPeers) {
		this.allowedPeers = Set.copyOf(allowedPeers);
	}

	/**
	 * @return SHA-256 fingerprints (lower-case hex) of the TLS certificate public keys allowed
	 * to connect, empty for any
	 */
	public Set<String> getAllowedCertificates() {
		return this.allowedCertificates;
	}

	/** @param allowedCertificates SHA-256 fingerprints of allowed certificate public keys */
	public void setAllowedCertificates(Set<String> allowedCertificates) {
		this.allowedCertificates = Set.copyOf(allowedCertificates);
	}

	/** @return limits on connections and sessions */
	public ConnectionLimits getLimits() {
		return this.limits;
	}

	/** @param limits limits on connections and sessions */
	public void setLimits(ConnectionLimits limits) {
		this.limits = limits;
	}

	/** @return how often idle sessions are pinged, {@code null} for no heartbeat */
	public @Nullable Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	/** @param heartbeatInterval how often sessions are pinged, {@code null} for no heartbeat */
	public void setHeartbeatInterval(@Nullable Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	/** @return how long a peer may stay silent before its session is closed as timed out */
	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	/** @param heartbeatTimeout how long a peer may stay silent before it is declared dead */
	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

}
