package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.util.unit.DataSize;

import dev.p2p.core.PacketExchangeProxyFactory;
import dev.p2p.core.PacketOperations;
import dev.p2p.core.PacketTemplate;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeInterceptor;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.listener.LoggingPacketListenerErrorHandler;
import dev.p2p.listener.PacketDispatcher;
import dev.p2p.listener.PacketListenerErrorHandler;
import dev.p2p.listener.PacketListenerBeanPostProcessor;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.observation.PacketObservations;
import dev.p2p.observation.PacketReceiveObservationConvention;
import dev.p2p.observation.PacketSendObservationConvention;
import dev.p2p.packet.BytesPacketCodec;
import dev.p2p.packet.JsonPacketCodec;
import dev.p2p.packet.NoPacketTypes;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.packet.StringPacketCodec;
import dev.p2p.peer.PeerAddress;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.ReconnectBackoff;
import dev.p2p.stream.StreamSettings;
import dev.p2p.transport.TransportFactory;
import dev.p2p.transport.tcp.ConnectionFactoryCustomizer;
import dev.p2p.transport.tcp.TcpTransportFactory;
import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.StreamFrames;

/**
 * Auto-configuration of the peer node: packet types, codecs, listener dispatch, the node
 * itself (a {@code SmartLifecycle}) and the {@link PacketTemplate}. Every bean backs off when
 * the application defines its own. A {@link PeerMetrics} bean, if there is one (see
 * {@link P2pMetricsAutoConfiguration}), counts what the node does. The JSON codec uses the
 * application's {@code JsonMapper} (Spring Boot's Jackson auto-configuration, with
 * {@code spring.jackson.*} applied) when there is one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(TcpNetServerConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
@EnableConfigurationProperties(P2pProperties.class)
public final class P2pAutoConfiguration {

	/** Name of an optional {@code Executor} bean that runs packet listeners. */
	public static final String LISTENER_EXECUTOR_BEAN_NAME = "p2pListenerExecutor";

	private static final long MAX_PAYLOAD_LIMIT = Integer.MAX_VALUE - 8;

	@Bean
	@ConditionalOnMissingBean
	PacketTypeRegistry p2pPacketTypeRegistry(P2pProperties properties) {
		Class<?> enumType = (properties.getPacketTypes() != null) ? properties.getPacketTypes() : NoPacketTypes.class;
		try {
			return PacketTypeRegistry.of(enumType);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("p2p.packet-types: " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	PacketCodecs p2pPacketCodecs(P2pProperties properties, PacketTypeRegistry packetTypes,
			ObjectProvider<PacketCodec> userCodecs, ObjectProvider<JsonMapper> jsonMapper) {
		List<PacketCodec> codecs = new ArrayList<>(List.of(new BytesPacketCodec(), new StringPacketCodec(),
				new JsonPacketCodec(jsonMapper.getIfAvailable(JsonMapper::new))));
		// user codecs come last so that a bean named like a built-in replaces it
		userCodecs.orderedStream().forEach(codecs::add);
		P2pProperties.Codec codec = properties.getCodec();
		try {
			return new PacketCodecs(packetTypes, codecs, codec.getDefaultCodec(), Map.copyOf(codec.getTypes()));
		}
		catch (IllegalArgumentException ex) {
			// PacketCodecs names the property first: "p2p.codec.default names codec ..." or
			// "p2p.codec.types.MOVE: ..."
			String property = ex.getMessage().split("[ :]", 2)[0];
			throw new InvalidP2pPropertyException(property,
					property.equals("p2p.codec.default") ? codec.getDefaultCodec() : null, ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	PacketDispatcher p2pPacketDispatcher(PacketTypeRegistry packetTypes, PacketCodecs codecs,
			ObjectProvider<PeerMetrics> metrics, PacketObservations observations,
			PacketListenerErrorHandler errorHandler) {
		PacketDispatcher dispatcher = new PacketDispatcher(packetTypes, codecs,
				metrics.getIfAvailable(() -> PeerMetrics.NONE), observations);
		dispatcher.setErrorHandler(errorHandler);
		return dispatcher;
	}

	@Bean
	@ConditionalOnMissingBean
	PacketListenerErrorHandler p2pPacketListenerErrorHandler(ApplicationEventPublisher publisher) {
		return new LoggingPacketListenerErrorHandler(publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	PacketObservations p2pPacketObservations(P2pProperties properties, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<PacketSendObservationConvention> sendConvention,
			ObjectProvider<PacketReceiveObservationConvention> receiveConvention) {
		if (!properties.getObservation().isEnabled()) {
			return PacketObservations.DISABLED;
		}
		return new PacketObservations(registry.getIfAvailable(() -> ObservationRegistry.NOOP),
				sendConvention.getIfAvailable(), receiveConvention.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	static PacketListenerBeanPostProcessor p2pPacketListenerBeanPostProcessor(
			ObjectProvider<PacketDispatcher> dispatcher) {
		return new PacketListenerBeanPostProcessor(dispatcher);
	}

	@Bean
	@ConditionalOnMissingBean
	PeerNodeSettings p2pPeerNodeSettings(P2pProperties properties, ObjectProvider<PeerNodeCustomizer> customizers,
			Environment environment, ObjectProvider<SslBundles> sslBundles) {
		PeerNodeSettings settings = new PeerNodeSettings();
		settings.setNodeId(id("p2p.node-id", (properties.getNodeId() != null && !properties.getNodeId().isBlank())
				? properties.getNodeId() : generatedNodeId(), true));
		settings.setNetworkId(id("p2p.network-id", properties.getNetworkId(), false));
		settings.setHandshakeMode(properties.getHandshake().getMode());
		settings.setHandshakeTimeout(positive("p2p.handshake.timeout", properties.getHandshake().getTimeout()));
		P2pProperties.Server server = properties.getServer();
		settings.setServerEnabled(server.isEnabled());
		settings.setServerAddress(server.getAddress());
		settings.setServerPort(range("p2p.server.port", server.getPort(), 0, 65535));
		settings.setAdvertisedHost((server.getAdvertisedHost() != null)
				? id("p2p.server.advertised-host", server.getAdvertisedHost(), true) : null);
		settings.setMaxConnections(range("p2p.server.max-connections", server.getMaxConnections(), 0,
				Integer.MAX_VALUE));
		settings.setPeers(properties.getPeers().stream().map(P2pAutoConfiguration::peerAddress).toList());
		long maxPayload = properties.getMaxPayloadSize().toBytes();
		if (maxPayload < 1 || maxPayload > MAX_PAYLOAD_LIMIT) {
			throw new InvalidP2pPropertyException("p2p.max-payload-size", properties.getMaxPayloadSize(),
					"p2p.max-payload-size must be from 1B to " + MAX_PAYLOAD_LIMIT + "B, was "
							+ properties.getMaxPayloadSize());
		}
		settings.setMaxPayloadSize((int) maxPayload);
		settings.setSendQueueCapacity(size("p2p.send.queue-capacity", properties.getSend().getQueueCapacity()));
		settings.setSendTimeout(positive("p2p.send.timeout", properties.getSend().getTimeout()));
		settings.setReceiveQueueCapacity(
				size("p2p.listener.queue-capacity", properties.getListener().getQueueCapacity()));
		settings.setListenerThreads(range("p2p.listener.threads", properties.getListener().getThreads(), 1, 1024));
		P2pProperties.Reconnect reconnect = properties.getReconnect();
		try {
			settings.setReconnect(new ReconnectBackoff(reconnect.getInitialDelay(), reconnect.getMaxDelay(),
					reconnect.getMultiplier(), reconnect.getJitter()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException("p2p.reconnect", null, "p2p.reconnect: " + ex.getMessage(), ex);
		}
		settings.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		settings.setShutdownTimeout(positive("p2p.shutdown-timeout", properties.getShutdownTimeout()));
		settings.setCodec(properties.getCodec().getDefaultCodec());
		settings.setTransport(new TransportSettings(positive("p2p.connect-timeout", properties.getConnectTimeout()),
				range("p2p.server.backlog", server.getBacklog(), 1, 65535), true, 0, 0));
		P2pSecuritySettings.apply(properties, sslBundles.getIfAvailable(), settings);
		settings.setStreams(streamSettings(properties.getStream()));
		P2pProperties.Heartbeat heartbeat = properties.getHeartbeat();
		if (heartbeat.isEnabled()) {
			settings.setHeartbeatInterval(positive("p2p.heartbeat.interval", heartbeat.getInterval()));
			settings.setHeartbeatTimeout(positive("p2p.heartbeat.timeout", heartbeat.getTimeout()));
			if (heartbeat.getTimeout().compareTo(heartbeat.getInterval()) <= 0) {
				throw new InvalidP2pPropertyException("p2p.heartbeat.timeout", heartbeat.getTimeout(),
						"p2p.heartbeat.timeout (" + heartbeat.getTimeout()
						+ ") must be longer than p2p.heartbeat.interval (" + heartbeat.getInterval() + ")");
			}
		}
		else {
			settings.setHeartbeatInterval(null);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(settings));
		return settings;
	}

	@Bean
	@ConditionalOnMissingBean
	HandshakePolicy p2pHandshakePolicy(PeerNodeSettings settings, ObjectProvider<HandshakeInterceptor> interceptors) {
		return new HandshakePolicy(settings.getNodeId(), settings.getNetworkId(), settings.getMaxConnections(),
				interceptors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	TransportFactory p2pTransportFactory(PeerNodeSettings settings,
			ObjectProvider<ConnectionFactoryCustomizer> customizers) {
		return new TcpTransportFactory(settings.getTransport(), settings.getTls(),
				customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	PeerNode p2pPeerNode(PeerNodeSettings settings, PacketTypeRegistry packetTypes, PacketDispatcher dispatcher,
			HandshakePolicy handshakePolicy, ApplicationEventPublisher publisher,
			@Qualifier(LISTENER_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> listenerExecutor,
			TransportFactory transportFactory, ObjectProvider<PeerMetrics> metrics, PacketObservations observations) {
		return new PeerNode(settings, packetTypes, dispatcher, handshakePolicy, publisher,
				listenerExecutor.getIfAvailable(), transportFactory,
				metrics.getIfAvailable(() -> PeerMetrics.NONE), observations);
	}

	@Bean
	@ConditionalOnMissingBean(PacketOperations.class)
	PacketTemplate p2pPacketTemplate(P2pProperties properties, PeerNode node, PacketTypeRegistry packetTypes,
			PacketCodecs codecs, PacketObservations observations) {
		return new PacketTemplate(node, packetTypes, codecs, observations,
				positive("p2p.request.timeout", properties.getRequest().getTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	PacketExchangeProxyFactory p2pPacketExchangeProxyFactory(PacketOperations packets,
			PacketTypeRegistry packetTypes) {
		return new PacketExchangeProxyFactory(packets, packetTypes);
	}

	private static String id(String property, String value, boolean required) {
		String problem = HandshakeCodec.checkId(value, required);
		if (problem != null) {
			throw new InvalidP2pPropertyException(property, value,
					property + " " + problem + " (peers would reject it in the handshake)");
		}
		return value;
	}

	private static long size(String property, DataSize value) {
		if (value == null || value.toBytes() < 1) {
			throw new InvalidP2pPropertyException(property, value, property + " must be at least 1B, was " + value);
		}
		return value.toBytes();
	}

	private static StreamSettings streamSettings(P2pProperties.Stream stream) {
		long chunkSize = size("p2p.stream.chunk-size", stream.getChunkSize());
		if (chunkSize > StreamFrames.MAX_CHUNK_DATA) {
			throw new InvalidP2pPropertyException("p2p.stream.chunk-size", stream.getChunkSize(),
					"p2p.stream.chunk-size must be at most " + StreamFrames.MAX_CHUNK_DATA
					+ "B (chunks are control frames, capped at 64KiB), was " + stream.getChunkSize());
		}
		long window = size("p2p.stream.window", stream.getWindow());
		if (window < chunkSize || window > Integer.MAX_VALUE) {
			throw new InvalidP2pPropertyException("p2p.stream.window", stream.getWindow(),
					"p2p.stream.window must be from p2p.stream.chunk-size (" + chunkSize
					+ "B) to " + Integer.MAX_VALUE + "B, was " + stream.getWindow());
		}
		return new StreamSettings((int) chunkSize, (int) window,
				range("p2p.stream.max-concurrent", stream.getMaxConcurrent(), 1, 65535),
				positive("p2p.stream.idle-timeout", stream.getIdleTimeout()));
	}

	private static String generatedNodeId() {
		byte[] random = new byte[4];
		ThreadLocalRandom.current().nextBytes(random);
		return "node-" + HexFormat.of().formatHex(random);
	}

	private static PeerAddress peerAddress(String text) {
		try {
			return PeerAddress.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException("p2p.peers", text, "p2p.peers: " + ex.getMessage(), ex);
		}
	}

	private static int range(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidP2pPropertyException(property, value,
					property + " must be from " + min + " to " + max + ", was " + value);
		}
		return value;
	}

	static java.time.Duration positive(String property, java.time.Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidP2pPropertyException(property, value, property + " must be a positive duration, was " + value);
		}
		return value;
	}

}
