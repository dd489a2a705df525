package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import dev.p2p.core.PacketExchangeProxyFactory;
import dev.p2p.core.PacketOperations;
import dev.p2p.core.PacketTemplate;
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
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.transport.TransportFactory;
import dev.p2p.transport.netty.NettyTransportFactory;
import dev.p2p.transport.tcp.ConnectionFactoryCustomizer;
import dev.p2p.transport.tcp.TcpTransportFactory;

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
@Import(PacketTemplateTypeRegistrar.class)
public final class P2pAutoConfiguration {

	/** Name of an optional {@code Executor} bean that runs packet listeners. */
	public static final String LISTENER_EXECUTOR_BEAN_NAME = "p2pListenerExecutor";

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
		P2pCodecProperties codec = properties.getCodec();
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
		PeerNodeSettings settings = new P2pSettingsMapper(properties)
			.nodeSettings(Threading.VIRTUAL.isActive(environment), sslBundles.getIfAvailable());
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
	@ConditionalOnProperty(name = "p2p.transport", havingValue = "tcp", matchIfMissing = true)
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

	/**
	 * The event-loop transport, {@code p2p.transport=netty} (the default when Netty is on the
	 * class path, as the starter brings it).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = NettyTransportConfiguration.NETTY)
	@ConditionalOnProperty(name = "p2p.transport", havingValue = "netty", matchIfMissing = true)
	static class NettyTransportConfiguration {

		/** netty-handler (TLS), which brings netty-transport: both are needed. */
		static final String NETTY = "io.netty.handler.ssl.SslHandler";

		@Bean
		@ConditionalOnMissingBean(TransportFactory.class)
		TransportFactory p2pNettyTransportFactory(PeerNodeSettings settings,
				ObjectProvider<ConnectionFactoryCustomizer> customizers) {
			if (customizers.stream().findAny().isPresent()) {
				// they would be ignored: say so rather than start without them
				throw new InvalidP2pPropertyException("p2p.transport", "netty",
						"ConnectionFactoryCustomizer beans customize Spring Integration's connection factories, "
								+ "which only the tcp transport uses: set p2p.transport=tcp, or remove them");
			}
			return new NettyTransportFactory(settings.getTransport(), settings.getTls());
		}

	}

	/**
	 * {@code p2p.transport=netty} without Netty on the class path fails start-up saying so.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(NettyTransportConfiguration.NETTY)
	@ConditionalOnProperty(name = "p2p.transport", havingValue = "netty")
	static class NettyMissingConfiguration {

		@Bean
		@ConditionalOnMissingBean(TransportFactory.class)
		TransportFactory p2pNettyTransportFactory() {
			throw new InvalidP2pPropertyException("p2p.transport", "netty",
					"p2p.transport is netty but Netty is not on the class path: add io.netty:netty-handler "
							+ "(the starter brings it) or set p2p.transport=tcp");
		}

	}

	/**
	 * The template, typed {@code PacketTemplate<E>} for the {@code p2p.packet-types} enum by
	 * {@link PacketTemplateTypeRegistrar}.
	 */
	@Bean(PacketTemplateTypeRegistrar.TEMPLATE_BEAN_NAME)
	@ConditionalOnMissingBean(PacketOperations.class)
	PacketTemplate<?> p2pPacketTemplate(P2pProperties properties, PeerNode node, PacketTypeRegistry packetTypes,
			PacketCodecs codecs, PacketObservations observations) {
		return new PacketTemplate<>(node, packetTypes, codecs, observations,
				new P2pSettingsMapper(properties).requestTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	PacketExchangeProxyFactory p2pPacketExchangeProxyFactory(PacketOperations<?> packets,
			PacketTypeRegistry packetTypes) {
		return new PacketExchangeProxyFactory(packets, packetTypes);
	}

}
