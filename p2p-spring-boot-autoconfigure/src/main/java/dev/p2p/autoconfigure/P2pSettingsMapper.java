package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.p2p.delivery.DeliverySettings;
import dev.p2p.discovery.DiscoverySettings;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.security.ConnectionLimits;
import dev.p2p.security.NetworkKey;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.ReconnectBackoff;
import dev.p2p.stream.StreamSettings;
import dev.p2p.transport.TlsContext;
import dev.p2p.transport.TlsSettings;
import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.StreamFrames;

import static dev.p2p.autoconfigure.P2pPropertyChecks.atLeast;
import static dev.p2p.autoconfigure.P2pPropertyChecks.id;
import static dev.p2p.autoconfigure.P2pPropertyChecks.nonNegative;
import static dev.p2p.autoconfigure.P2pPropertyChecks.positive;
import static dev.p2p.autoconfigure.P2pPropertyChecks.range;
import static dev.p2p.autoconfigure.P2pPropertyChecks.size;

/**
 * Maps the {@code p2p.*} properties to the plain settings the engine takes: the node's
 * {@link PeerNodeSettings} (with its transport, stream, TLS, network-key, allow-list and limit
 * settings) and the {@link DiscoverySettings}, with Boot's {@link PropertyMapper}. Every value is
 * checked on the way ({@link P2pPropertyChecks}): one the node cannot work with fails start-up
 * with an {@link InvalidP2pPropertyException} naming the property, which the failure analysis
 * turns into its origin and a fix. The network key's value never appears in a message.
 */
final class P2pSettingsMapper {

	private static final Log logger = LogFactory.getLog(P2pSettingsMapper.class);

	private static final long MAX_PAYLOAD_LIMIT = Integer.MAX_VALUE - 8;

	private final P2pProperties properties;

	private final PropertyMapper map = PropertyMapper.get();

	P2pSettingsMapper(P2pProperties properties) {
		this.properties = properties;
	}

	/**
	 * The node's settings.
	 * @param virtualThreads whether the node starts virtual threads
	 * ({@code spring.threads.virtual.enabled})
	 * @param sslBundles the application's SSL bundles, for {@code p2p.ssl.bundle}
	 * @return the settings, before any {@link PeerNodeCustomizer}
	 */
	PeerNodeSettings nodeSettings(boolean virtualThreads, @Nullable SslBundles sslBundles) {
		P2pProperties p2p = this.properties;
		PeerNodeSettings settings = new PeerNodeSettings();
		PropertyMapper map = this.map;
		map.from(StringUtils.hasText(p2p.getNodeId()) ? p2p.getNodeId() : generatedNodeId())
			.as(id("p2p.node-id", true))
			.to(settings::setNodeId);
		map.from(p2p::getNetworkId).as(id("p2p.network-id", false)).to(settings::setNetworkId);
		P2pHandshakeProperties handshake = p2p.getHandshake();
		map.from(handshake::getMode).to(settings::setHandshakeMode);
		map.from(handshake::getTimeout).as(positive("p2p.handshake.timeout")).to(settings::setHandshakeTimeout);
		map.from(handshake::getHelloTimeout)
			.as(positive("p2p.handshake.hello-timeout"))
			.to(settings::setHelloTimeout);
		P2pServerProperties server = p2p.getServer();
		map.from(server::isEnabled).to(settings::setServerEnabled);
		map.from(server::getAddress).to(settings::setServerAddress);
		map.from(server::getPort).as(range("p2p.server.port", 0, 65535)).to(settings::setServerPort);
		map.from(server::getAdvertisedHost)
			.as(id("p2p.server.advertised-host", true))
			.to(settings::setAdvertisedHost);
		map.from(server::getMaxConnections)
			.as(range("p2p.server.max-connections", 0, Integer.MAX_VALUE))
			.to(settings::setMaxConnections);
		map.from(p2p::getPeers).as(P2pSettingsMapper::peerAddresses).to(settings::setPeers);
		map.from(p2p::getMaxPayloadSize).as(P2pSettingsMapper::maxPayloadSize).to(settings::setMaxPayloadSize);
		map.from(p2p.getSend()::getQueueCapacity).as(size("p2p.send.queue-capacity")).to(settings::setSendQueueCapacity);
		map.from(p2p.getSend()::getTimeout).as(positive("p2p.send.timeout")).to(settings::setSendTimeout);
		map.from(p2p.getListener()::getQueueCapacity)
			.as(size("p2p.listener.queue-capacity"))
			.to(settings::setReceiveQueueCapacity);
		map.from(p2p.getSend()::getQueuePackets)
			.as(range("p2p.send.queue-packets", 1, Integer.MAX_VALUE))
			.to(settings::setSendQueuePackets);
		map.from(p2p.getListener()::getQueuePackets)
			.as(range("p2p.listener.queue-packets", 1, Integer.MAX_VALUE))
			.to(settings::setReceiveQueuePackets);
		map.from(p2p.getListener()::getThreads)
			.as(range("p2p.listener.threads", 1, 1024))
			.to(settings::setListenerThreads);
		map.from(p2p::getReconnect).as(P2pSettingsMapper::reconnect).to(settings::setReconnect);
		map.from(virtualThreads).to(settings::setVirtualThreads);
		map.from(p2p::getShutdownTimeout).as(positive("p2p.shutdown-timeout")).to(settings::setShutdownTimeout);
		map.from(p2p.getCodec()::getDefaultCodec).to(settings::setCodec);
		map.from(this::transportSettings).to(settings::setTransport);
		map.from(p2p::getSsl).as((ssl) -> tls(ssl, sslBundles)).to(settings::setTls);
		mapSecurity(p2p.getSecurity(), settings);
		map.from(p2p::getLimits).as(P2pSettingsMapper::limits).to(settings::setLimits);
		map.from(this::streamSettings).to(settings::setStreams);
		mapHeartbeat(p2p.getHeartbeat(), settings);
		return settings;
	}

	/**
	 * How long a request waits for its reply unless told otherwise.
	 * @return {@code p2p.request.timeout}
	 */
	Duration requestTimeout() {
		return positive("p2p.request.timeout").adapt(this.properties.getRequest().getTimeout());
	}

	/**
	 * The discovery settings.
	 * @return the settings of {@code p2p.discovery.*}
	 */
	DiscoverySettings discoverySettings() {
		P2pDiscoveryProperties discovery = this.properties.getDiscovery();
		PeerAddress dnsName = StringUtils.hasText(discovery.getDnsName())
				? parse("p2p.discovery.dns-name", discovery.getDnsName()) : null;
		return new DiscoverySettings(discovery.isEnabled(), discovery.getMode(),
				range("p2p.discovery.port", 1, 65535).adapt(discovery.getPort()), discovery.getGroup(),
				positive("p2p.discovery.interval").adapt(discovery.getInterval()),
				range("p2p.discovery.ttl", 0, 255).adapt(discovery.getTtl()),
				StringUtils.hasText(discovery.getNetworkInterface()) ? discovery.getNetworkInterface() : null,
				this.properties.getServer().getAdvertisedHost(), discovery.isAutoConnect(), dnsName,
				positive("p2p.discovery.dns-interval").adapt(discovery.getDnsInterval()), discovery.isPeerExchange(),
				positive("p2p.discovery.peer-exchange-interval").adapt(discovery.getPeerExchangeInterval()),
				requestTimeout(), atLeast("p2p.discovery.max-peers", 1).adapt(discovery.getMaxPeers()),
				discovery.isIpv4(), discovery.isIpv6(), discovery.getIpv6Group());
	}

	private TransportSettings transportSettings() {
		return new TransportSettings(positive("p2p.connect-timeout").adapt(this.properties.getConnectTimeout()),
				range("p2p.server.backlog", 1, 65535).adapt(this.properties.getServer().getBacklog()), true, 0, 0);
	}

	private StreamSettings streamSettings() {
		P2pStreamProperties stream = this.properties.getStream();
		long chunkSize = size("p2p.stream.chunk-size").adapt(stream.getChunkSize());
		if (chunkSize > StreamFrames.MAX_CHUNK_DATA) {
			throw new InvalidP2pPropertyException("p2p.stream.chunk-size", stream.getChunkSize(),
					"p2p.stream.chunk-size must be at most " + StreamFrames.MAX_CHUNK_DATA
							+ "B (chunks are control frames, capped at 64KiB), was " + stream.getChunkSize());
		}
		long window = size("p2p.stream.window").adapt(stream.getWindow());
		if (window < chunkSize || window > Integer.MAX_VALUE) {
			throw new InvalidP2pPropertyException("p2p.stream.window", stream.getWindow(),
					"p2p.stream.window must be from p2p.stream.chunk-size (" + chunkSize + "B) to "
							+ Integer.MAX_VALUE + "B, was " + stream.getWindow());
		}
		return new StreamSettings((int) chunkSize, (int) window,
				range("p2p.stream.max-concurrent", 1, 65535).adapt(stream.getMaxConcurrent()),
				positive("p2p.stream.idle-timeout").adapt(stream.getIdleTimeout()));
	}

	private void mapHeartbeat(P2pHeartbeatProperties heartbeat, PeerNodeSettings settings) {
		if (!heartbeat.isEnabled()) {
			settings.setHeartbeatInterval(null);
			return;
		}
		this.map.from(heartbeat::getInterval).as(positive("p2p.heartbeat.interval")).to(settings::setHeartbeatInterval);
		this.map.from(heartbeat::getTimeout).as(positive("p2p.heartbeat.timeout")).to(settings::setHeartbeatTimeout);
		if (heartbeat.getTimeout().compareTo(heartbeat.getInterval()) <= 0) {
			throw new InvalidP2pPropertyException("p2p.heartbeat.timeout", heartbeat.getTimeout(),
					"p2p.heartbeat.timeout (" + heartbeat.getTimeout() + ") must be longer than p2p.heartbeat.interval ("
							+ heartbeat.getInterval() + ")");
		}
	}

	private void mapSecurity(P2pSecurityProperties security, PeerNodeSettings settings) {
		this.map.from(security::getNetworkKey).whenHasText().as(P2pSettingsMapper::networkKey).to(settings::setNetworkKey);
		this.map.from(security::getAllowedPeers).to(settings::setAllowedPeers);
		Set<String> fingerprints = new LinkedHashSet<>();
		security.getAllowedCertificates().forEach((text) -> fingerprints.add(fingerprint(text)));
		if (!fingerprints.isEmpty() && settings.getTls() == null) {
			throw new IllegalStateException(
					"p2p.security.allowed-certificates needs TLS: set p2p.ssl.bundle to an SSL bundle");
		}
		settings.setAllowedCertificates(fingerprints);
		if (settings.getHandshakeMode() == HandshakeMode.NONE) {
			refuseWithoutHandshake(settings);
		}
	}

	/**
	 * Handshake mode none has no handshake to prove a key in or to check an allow-list at: a
	 * node that asks for them would let everyone in, so it does not start.
	 */
	private static void refuseWithoutHandshake(PeerNodeSettings settings) {
		List<String> ignored = new ArrayList<>();
		if (settings.getNetworkKey() != null) {
			ignored.add("p2p.security.network-key");
		}
		if (!settings.getAllowedPeers().isEmpty()) {
			ignored.add("p2p.security.allowed-peers");
		}
		if (!settings.getAllowedCertificates().isEmpty()) {
			ignored.add("p2p.security.allowed-certificates");
		}
		if (!ignored.isEmpty()) {
			throw new IllegalStateException(String.join(", ", ignored) + " need p2p.handshake.mode=hello: in mode none "
					+ "there is no handshake to check them, and every peer would be let in");
		}
	}

	private static @Nullable TlsSettings tls(P2pSslProperties ssl, @Nullable SslBundles bundles) {
		if (!StringUtils.hasText(ssl.getBundle())) {
			return null;
		}
		if (bundles == null) {
			throw new IllegalStateException("p2p.ssl.bundle is '" + ssl.getBundle()
					+ "' but there is no SslBundles bean (is SslAutoConfiguration excluded?)");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(ssl.getBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidP2pPropertyException("p2p.ssl.bundle", ssl.getBundle(), "p2p.ssl.bundle: no SSL bundle named '"
					+ ssl.getBundle() + "' (define it under spring.ssl.bundle.jks or spring.ssl.bundle.pem)", ex);
		}
		if (ssl.getProtocols() == null || ssl.getProtocols().isEmpty()) {
			throw new InvalidP2pPropertyException("p2p.ssl.protocols", ssl.getProtocols(),
					"p2p.ssl.protocols must name at least one protocol, such as TLSv1.3");
		}
		String name = ssl.getBundle();
		List<String> fallbackProtocols = List.copyOf(ssl.getProtocols());
		TlsContext context = new TlsContext(tlsMaterial(bundle, fallbackProtocols));
		// a bundle with reload-on-update: a rotated certificate applies to the next connection
		bundles.addBundleUpdateHandler(name, (updated) -> {
			try {
				context.update(tlsMaterial(updated, fallbackProtocols));
				logger.info("p2p: SSL bundle '" + name + "' was reloaded; new connections use it,"
						+ " open connections keep theirs");
			}
			catch (RuntimeException ex) {
				logger.error("p2p: SSL bundle '" + name + "' was reloaded but cannot be used (" + ex.getMessage()
						+ "); new connections keep using the previous material", ex);
			}
		});
		return new TlsSettings(context, ssl.getClientAuth(), ssl.isVerifyHostname());
	}

	/**
	 * The bundle's SSL context and options: its own enabled protocols win over
	 * {@code p2p.ssl.protocols}, which applies when the bundle names none.
	 */
	private static TlsContext.Material tlsMaterial(SslBundle bundle, List<String> fallbackProtocols) {
		String[] protocols = bundle.getOptions().getEnabledProtocols();
		String[] ciphers = bundle.getOptions().getCiphers();
		return new TlsContext.Material(bundle.createSslContext(),
				(protocols != null && protocols.length > 0) ? List.of(protocols) : fallbackProtocols,
				(ciphers != null) ? List.of(ciphers) : null);
	}

	private static NetworkKey networkKey(String text) {
		try {
			return NetworkKey.of(text);
		}
		catch (IllegalArgumentException ex) {
			// NetworkKey's message never repeats the key
			throw new IllegalStateException("p2p.security.network-key: " + ex.getMessage(), ex);
		}
	}

	private static String fingerprint(String text) {
		String hex = text.replace(":", "").trim().toLowerCase(Locale.ROOT);
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new IllegalStateException("p2p.security.allowed-certificates: '" + text
					+ "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
		}
		return hex;
	}

	private static ConnectionLimits limits(P2pLimitsProperties limits) {
		if (limits.getConnectionRate() < 0 || Double.isNaN(limits.getConnectionRate())) {
			throw new InvalidP2pPropertyException("p2p.limits.connection-rate", limits.getConnectionRate(),
					"p2p.limits.connection-rate must be 0 or more, was " + limits.getConnectionRate());
		}
		if (limits.getIdleTimeout() == null || limits.getIdleTimeout().isNegative()) {
			throw new InvalidP2pPropertyException("p2p.limits.idle-timeout", limits.getIdleTimeout(),
					"p2p.limits.idle-timeout must be 0 or a positive duration, was " + limits.getIdleTimeout());
		}
		return new ConnectionLimits(nonNegative("p2p.limits.max-connections").adapt(limits.getMaxConnections()),
				nonNegative("p2p.limits.max-connections-per-address").adapt(limits.getMaxConnectionsPerAddress()),
				limits.getConnectionRate(),
				atLeast("p2p.limits.connection-burst", 1).adapt(limits.getConnectionBurst()),
				limits.getIdleTimeout(),
				nonNegative("p2p.limits.max-requests-in-flight").adapt(limits.getMaxRequestsInFlight()),
				nonNegative("p2p.limits.max-handshaking").adapt(limits.getMaxHandshaking()),
				nonNegative("p2p.limits.max-handshaking-per-address").adapt(limits.getMaxHandshakingPerAddress()));
	}

	/**
	 * Map {@code p2p.delivery.*}.
	 * @param delivery the properties
	 * @param sendTimeout {@code p2p.send.timeout}: how long senders wait for room in the replay buffer
	 * @return the settings of acknowledged delivery
	 */
	static DeliverySettings delivery(P2pDeliveryProperties delivery, Duration sendTimeout) {
		return new DeliverySettings(delivery.getMode(), delivery.getTypes(), delivery.isEnabled(),
				size("p2p.delivery.buffer.max-bytes").adapt(delivery.getBuffer().getMaxBytes()),
				atLeast("p2p.delivery.buffer.max-packets", 1).adapt(delivery.getBuffer().getMaxPackets()),
				nonNegativeDuration("p2p.delivery.session-expiry", delivery.getSessionExpiry()),
				positive("p2p.delivery.ack.interval").adapt(delivery.getAck().getInterval()),
				atLeast("p2p.delivery.ack.threshold", 1).adapt(delivery.getAck().getThreshold()), sendTimeout);
	}

	private static Duration nonNegativeDuration(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidP2pPropertyException(property, value, property + " must be 0 or a positive duration, was "
					+ value);
		}
		return value;
	}

	private static ReconnectBackoff reconnect(P2pReconnectProperties reconnect) {
		try {
			return new ReconnectBackoff(reconnect.getInitialDelay(), reconnect.getMaxDelay(), reconnect.getMultiplier(),
					reconnect.getJitter());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException("p2p.reconnect", null, "p2p.reconnect: " + ex.getMessage(), ex);
		}
	}

	private static Integer maxPayloadSize(DataSize size) {
		if (size.toBytes() < 1 || size.toBytes() > MAX_PAYLOAD_LIMIT) {
			throw new InvalidP2pPropertyException("p2p.max-payload-size", size,
					"p2p.max-payload-size must be from 1B to " + MAX_PAYLOAD_LIMIT + "B, was " + size);
		}
		return (int) size.toBytes();
	}

	private static List<PeerAddress> peerAddresses(List<String> peers) {
		return peers.stream().map((text) -> parse("p2p.peers", text)).toList();
	}

	private static PeerAddress parse(String property, String text) {
		try {
			return PeerAddress.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException(property, text, property + ": " + ex.getMessage(), ex);
		}
	}

	private static String generatedNodeId() {
		byte[] random = new byte[4];
		ThreadLocalRandom.current().nextBytes(random);
		return "node-" + HexFormat.of().formatHex(random);
	}

}
