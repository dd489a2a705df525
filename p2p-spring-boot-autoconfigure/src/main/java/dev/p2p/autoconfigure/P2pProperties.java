package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the peer node, under {@code p2p}. Each group of settings is a class of its
 * own ({@code P2pServerProperties} for {@code p2p.server}, ...), bound here as a nested property.
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
	 * How connections are carried: "netty" (a few event-loop threads for every connection:
	 * more peers and faster handshakes) or "tcp" (Spring Integration IP, a reader thread per
	 * connection); both carry the same frames and punch holes. Unset: "netty" when Netty is on
	 * the class path (the starter brings it), "tcp" otherwise.
	 */
	private @Nullable TransportType transport;

	/**
	 * How long stopping waits for queued packets to be written before closing connections.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * The listening side.
	 */
	@NestedConfigurationProperty
	private final P2pServerProperties server = new P2pServerProperties();

	/**
	 * How connections start.
	 */
	@NestedConfigurationProperty
	private final P2pHandshakeProperties handshake = new P2pHandshakeProperties();

	/**
	 * How payloads are encoded.
	 */
	@NestedConfigurationProperty
	private final P2pCodecProperties codec = new P2pCodecProperties();

	/**
	 * Outbound queues.
	 */
	@NestedConfigurationProperty
	private final P2pSendProperties send = new P2pSendProperties();

	/**
	 * Packet listener execution.
	 */
	@NestedConfigurationProperty
	private final P2pListenerProperties listener = new P2pListenerProperties();

	/**
	 * Redialling of static peers after a loss: exponential backoff with jitter.
	 */
	@NestedConfigurationProperty
	private final P2pReconnectProperties reconnect = new P2pReconnectProperties();

	/**
	 * Requests sent with PacketOperations.request.
	 */
	@NestedConfigurationProperty
	private final P2pRequestProperties request = new P2pRequestProperties();

	/**
	 * Streams sent with PacketOperations.stream and read by InputStream listeners.
	 */
	@NestedConfigurationProperty
	private final P2pStreamProperties stream = new P2pStreamProperties();

	/**
	 * Micrometer meters (recorded when there is a MeterRegistry bean).
	 */
	@NestedConfigurationProperty
	private final P2pMetricsProperties metrics = new P2pMetricsProperties();

	/**
	 * Micrometer observations (tracing) of sending and handling packets.
	 */
	@NestedConfigurationProperty
	private final P2pObservationProperties observation = new P2pObservationProperties();

	/**
	 * TLS for the server and for dialled connections.
	 */
	@NestedConfigurationProperty
	private final P2pSslProperties ssl = new P2pSslProperties();

	/**
	 * Who may join: the network key and allow-lists.
	 */
	@NestedConfigurationProperty
	private final P2pSecurityProperties security = new P2pSecurityProperties();

	/**
	 * Limits on what peers may hold of this node. Each violation closes the connection with a
	 * reason, publishes an event and counts in p2p.limits.exceeded.
	 */
	@NestedConfigurationProperty
	private final P2pLimitsProperties limits = new P2pLimitsProperties();

	/**
	 * Heartbeat: PING control frames on idle sessions and failure detection (handshake mode hello
	 * only; dpea-p2p peers in mode none are never pinged).
	 */
	@NestedConfigurationProperty
	private final P2pHeartbeatProperties heartbeat = new P2pHeartbeatProperties();

	/**
	 * Finding peers without configuring their addresses: UDP adverts on the LAN, a DNS name with
	 * many addresses, and peer exchange.
	 */
	@NestedConfigurationProperty
	private final P2pDiscoveryProperties discovery = new P2pDiscoveryProperties();

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

	public @Nullable TransportType getTransport() {
		return this.transport;
	}

	public void setTransport(@Nullable TransportType transport) {
		this.transport = transport;
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

	public P2pServerProperties getServer() {
		return this.server;
	}

	public P2pHandshakeProperties getHandshake() {
		return this.handshake;
	}

	public P2pCodecProperties getCodec() {
		return this.codec;
	}

	public P2pSendProperties getSend() {
		return this.send;
	}

	public P2pListenerProperties getListener() {
		return this.listener;
	}

	public P2pReconnectProperties getReconnect() {
		return this.reconnect;
	}

	public P2pRequestProperties getRequest() {
		return this.request;
	}

	public P2pStreamProperties getStream() {
		return this.stream;
	}

	public P2pMetricsProperties getMetrics() {
		return this.metrics;
	}

	public P2pObservationProperties getObservation() {
		return this.observation;
	}

	public P2pSslProperties getSsl() {
		return this.ssl;
	}

	public P2pSecurityProperties getSecurity() {
		return this.security;
	}

	public P2pLimitsProperties getLimits() {
		return this.limits;
	}

	public P2pHeartbeatProperties getHeartbeat() {
		return this.heartbeat;
	}

	public P2pDiscoveryProperties getDiscovery() {
		return this.discovery;
	}

	/**
	 * The transports a node can use ({@code p2p.transport}).
	 */
	public enum TransportType {

		/** Spring Integration IP's NET connection factories: a reader thread per connection. */
		TCP,

		/** Netty event loops: no thread per connection. */
		NETTY

	}

}
