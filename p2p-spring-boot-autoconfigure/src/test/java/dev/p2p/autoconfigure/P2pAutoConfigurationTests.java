package dev.p2p.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.unit.DataSize;

import dev.p2p.core.PacketOperations;
import dev.p2p.core.PacketTemplate;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.HandshakeInterceptor;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.handshake.PeerIds;
import dev.p2p.handshake.PeerOffer;
import dev.p2p.listener.PacketDispatcher;
import dev.p2p.listener.PacketListener;
import dev.p2p.listener.PacketListenerBeanPostProcessor;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.BytesPacketCodec;
import dev.p2p.packet.CodedPacketType;
import dev.p2p.packet.JsonPacketCodec;
import dev.p2p.packet.NoPacketTypes;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.packet.StringPacketCodec;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.session.ReconnectBackoff;
import dev.p2p.transport.TransportFactory;
import dev.p2p.transport.netty.NettyTransportFactory;
import dev.p2p.transport.tcp.ConnectionFactoryCustomizer;
import dev.p2p.transport.tcp.TcpTransportFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link P2pAutoConfiguration}.
 */
class P2pAutoConfigurationTests {

	private static final String PACKET_TYPES = "p2p.packet-types=" + TestPacketType.class.getName();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1");

	// ---- defaults

	@Test
	void defaultConfigurationProvidesEveryBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(P2pProperties.class);
			assertThat(context).hasSingleBean(PacketTypeRegistry.class);
			assertThat(context).hasSingleBean(PacketCodecs.class);
			assertThat(context).hasSingleBean(PacketDispatcher.class);
			assertThat(context).hasSingleBean(PacketListenerBeanPostProcessor.class);
			assertThat(context).doesNotHaveBean(PeerMetrics.class);
			assertThat(context).hasSingleBean(PacketObservations.class);
			assertThat(context).getBean(PacketObservations.class).isSameAs(PacketObservations.DISABLED);
			assertThat(context).hasSingleBean(PeerNodeSettings.class);
			assertThat(context).hasSingleBean(HandshakePolicy.class);
			assertThat(context).hasSingleBean(PeerNode.class);
			assertThat(context).hasSingleBean(PacketOperations.class);
			assertThat(context).getBean(PacketOperations.class).isInstanceOf(PacketTemplate.class);
		});
	}

	@Test
	void defaultSettingsMatchDocumentedDefaults() {
		this.contextRunner.run((context) -> {
			PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
			assertThat(settings.getNetworkId()).isEqualTo("default");
			assertThat(settings.getHandshakeMode()).isEqualTo(HandshakeMode.HELLO);
			assertThat(settings.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.getMaxPayloadSize()).isEqualTo(16 * 1024 * 1024);
			assertThat(settings.getSendQueueCapacity()).isEqualTo(8 * 1024 * 1024);
			assertThat(settings.getSendTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.getReceiveQueueCapacity()).isEqualTo(8 * 1024 * 1024);
			assertThat(settings.getListenerThreads()).isEqualTo(8);
			assertThat(settings.getCodec()).isEqualTo("json");
			assertThat(settings.getReconnect()).isEqualTo(ReconnectBackoff.DEFAULT);
			assertThat(settings.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.isServerEnabled()).isTrue();
			assertThat(settings.getServerAddress()).isEqualTo("127.0.0.1");
			assertThat(settings.getServerPort()).isZero();
			assertThat(settings.getAdvertisedHost()).isNull();
			assertThat(settings.getMaxConnections()).isZero();
			assertThat(settings.getPeers()).isEmpty();
			assertThat(settings.getTransport().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.getTransport().backlog()).isEqualTo(1024);
		});
	}

	@Test
	void nodeIdIsGeneratedWhenNotSet() {
		this.contextRunner.run((context) -> {
			String nodeId = context.getBean(PeerNodeSettings.class).getNodeId();
			assertThat(nodeId).matches("node-[0-9a-f]{8}");
			assertThat(context.getBean(PeerNode.class).getNodeId()).isEqualTo(nodeId);
		});
	}

	@Test
	void blankNodeIdIsReplacedByGeneratedOne() {
		this.contextRunner.withPropertyValues("p2p.node-id=  ")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getNodeId())
				.matches("node-[0-9a-f]{8}"));
	}

	@Test
	void nodeIsRunningAndListeningOnEphemeralLoopbackPort() {
		this.contextRunner.run((context) -> {
			PeerNode node = context.getBean(PeerNode.class);
			assertThat(node.isRunning()).isTrue();
			assertThat(node.isListening()).isTrue();
			assertThat(node.getBoundPort()).isGreaterThan(0);
			assertThat(node.getBoundAddress()).isNotNull();
			assertThat(node.getBoundAddress().getAddress().isLoopbackAddress()).isTrue();
			assertThat(node.getSessions()).isEmpty();
			assertThat(context.getBean(PacketOperations.class).peers()).isEmpty();
		});
	}

	@Test
	void nodeStopsWhenContextCloses() {
		List<PeerNode> nodes = new ArrayList<>();
		this.contextRunner.run((context) -> nodes.add(context.getBean(PeerNode.class)));
		assertThat(nodes).singleElement().satisfies((node) -> {
			assertThat(node.isRunning()).isFalse();
			assertThat(node.isListening()).isFalse();
			assertThat(node.getBoundPort()).isEqualTo(-1);
		});
	}

	@Test
	void packetTypesDefaultToNoPacketTypes() {
		this.contextRunner.run((context) -> {
			PacketTypeRegistry registry = context.getBean(PacketTypeRegistry.class);
			assertThat(registry.getEnumType()).isEqualTo(NoPacketTypes.class);
			assertThat(registry.types()).isEmpty();
		});
	}

	@Test
	void defaultCodecIsJsonForEveryPacketType() {
		this.contextRunner.withPropertyValues(PACKET_TYPES).run((context) -> {
			PacketCodecs codecs = context.getBean(PacketCodecs.class);
			for (TestPacketType type : TestPacketType.values()) {
				assertThat(codecs.codecOf(type)).isInstanceOf(JsonPacketCodec.class);
			}
		});
	}

	@Test
	void nodeOwnsListenerPoolSizedByDefaultThreads() {
		this.contextRunner.run((context) -> {
			Object executor = listenerExecutorOf(context.getBean(PeerNode.class));
			assertThat(executor).isInstanceOfSatisfying(ThreadPoolExecutor.class,
					(pool) -> assertThat(pool.getCorePoolSize()).isEqualTo(8));
		});
	}

	// ---- disabled

	@Test
	void disabledNodeContributesNoBeans() {
		this.contextRunner.withPropertyValues("p2p.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PeerNode.class);
			assertThat(context).doesNotHaveBean(PacketOperations.class);
			assertThat(context).doesNotHaveBean(PacketTypeRegistry.class);
			assertThat(context).doesNotHaveBean(PacketListenerBeanPostProcessor.class);
			assertThat(context).doesNotHaveBean(P2pProperties.class);
		});
	}

	@Test
	void disabledNodeIgnoresInvalidSettings() {
		this.contextRunner.withPropertyValues("p2p.enabled=false", "p2p.server.port=70000", "p2p.codec.default=nope")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PeerNode.class));
	}

	@Test
	void backsOffWithoutSpringIntegrationIp() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(TcpNetServerConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PeerNode.class);
				assertThat(context).doesNotHaveBean(PacketOperations.class);
			});
	}

	// ---- back-off

	@Test
	void backsOffToUserPeerNodeSettings() {
		this.contextRunner.withUserConfiguration(UserSettingsConfiguration.class)
			.withPropertyValues("p2p.node-id=from-properties", "p2p.network-id=from-properties")
			.run((context) -> {
				assertThat(context).hasSingleBean(PeerNodeSettings.class);
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings).isSameAs(context.getBean("userSettings"));
				PeerNode node = context.getBean(PeerNode.class);
				assertThat(node.getNodeId()).isEqualTo("user-node");
				assertThat(node.getNetworkId()).isEqualTo("user-net");
				assertThat(node.isRunning()).isTrue();
				assertThat(node.getBoundPort()).isGreaterThan(0);
			});
	}

	@Test
	void backsOffToUserPacketTypeRegistry() {
		this.contextRunner.withUserConfiguration(UserPacketTypeRegistryConfiguration.class)
			.withPropertyValues("p2p.packet-types=" + CodedTestPacketType.class.getName())
			.run((context) -> {
				assertThat(context).hasSingleBean(PacketTypeRegistry.class);
				PacketTypeRegistry registry = context.getBean(PacketTypeRegistry.class);
				assertThat(registry).isSameAs(context.getBean("userPacketTypes"));
				assertThat(registry.getEnumType()).isEqualTo(TestPacketType.class);
				assertThat(context.getBean(PacketCodecs.class).codecOf(TestPacketType.CHAT)).isNotNull();
			});
	}

	@Test
	void backsOffToUserPacketCodecs() {
		this.contextRunner.withUserConfiguration(UserPacketCodecsConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run((context) -> {
				assertThat(context).hasSingleBean(PacketCodecs.class);
				PacketCodecs codecs = context.getBean(PacketCodecs.class);
				assertThat(codecs).isSameAs(context.getBean("userCodecs"));
				assertThat(codecs.codecOf(TestPacketType.COMMAND1)).isInstanceOf(BytesPacketCodec.class);
			});
	}

	@Test
	void backsOffToUserPacketDispatcher() {
		this.contextRunner.withUserConfiguration(UserPacketDispatcherConfiguration.class, ValidListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run((context) -> {
				assertThat(context).hasSingleBean(PacketDispatcher.class);
				PacketDispatcher dispatcher = context.getBean(PacketDispatcher.class);
				assertThat(dispatcher).isSameAs(context.getBean("userDispatcher"));
				assertThat(dispatcher.hasListener(TestPacketType.COMMAND1)).isTrue();
			});
	}

	@Test
	void backsOffToUserHandshakePolicy() {
		this.contextRunner.withUserConfiguration(UserHandshakePolicyConfiguration.class)
			.withBean("interceptor", HandshakeInterceptor.class, () -> (offer) -> HandshakeDecision.deny("never used"))
			.run((context) -> {
				assertThat(context).hasSingleBean(HandshakePolicy.class);
				HandshakePolicy policy = context.getBean(HandshakePolicy.class);
				assertThat(policy).isSameAs(context.getBean("userPolicy"));
				assertThat(policy.judge(offer("peer-1", "user-net")).accepted()).isTrue();
			});
	}

	@Test
	void backsOffToUserPeerMetrics() {
		PeerMetrics metrics = new PeerMetrics() {
		};
		this.contextRunner.withBean("userMetrics", PeerMetrics.class, () -> metrics).run((context) -> {
			assertThat(context).hasSingleBean(PeerMetrics.class);
			assertThat(context).getBean(PeerMetrics.class).isSameAs(metrics);
		});
	}

	@Test
	void backsOffToUserPacketOperations() {
		@SuppressWarnings("unchecked")
		PacketOperations<TestPacketType> operations = mock(PacketOperations.class);
		this.contextRunner.withBean("userOperations", PacketOperations.class, () -> operations).run((context) -> {
			assertThat(context).hasSingleBean(PacketOperations.class);
			assertThat(context).doesNotHaveBean(PacketTemplate.class);
			assertThat(context).getBean(PacketOperations.class).isSameAs(operations);
			assertThat(context).hasSingleBean(PeerNode.class);
		});
	}

	@Test
	void backsOffToUserPacketTemplate() {
		this.contextRunner.withUserConfiguration(UserPacketTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PacketOperations.class);
			assertThat(context).getBean(PacketOperations.class).isSameAs(context.getBean("userTemplate"));
		});
	}

	@Test
	void backsOffToUserPeerNode() {
		this.contextRunner.withUserConfiguration(UserPeerNodeConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PeerNode.class);
			assertThat(context).doesNotHaveBean("p2pPeerNode");
			PeerNode node = context.getBean(PeerNode.class);
			assertThat(node).isSameAs(context.getBean("userPeerNode"));
			assertThat(node.getNodeId()).isEqualTo("user-node");
			assertThat(node.isRunning()).isTrue();
			assertThat(node.getBoundPort()).isGreaterThan(0);
			assertThat(context).hasSingleBean(PacketOperations.class);
		});
	}

	@Test
	void backsOffToUserPacketListenerBeanPostProcessor() {
		this.contextRunner.withUserConfiguration(UserPacketListenerBeanPostProcessorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PacketListenerBeanPostProcessor.class);
				assertThat(context).hasBean("userPostProcessor");
			});
	}

	// ---- properties

	@Test
	void nodeIdAndNetworkIdBind() {
		this.contextRunner.withPropertyValues("p2p.node-id=alpha", "p2p.network-id=lab").run((context) -> {
			PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
			assertThat(settings.getNodeId()).isEqualTo("alpha");
			assertThat(settings.getNetworkId()).isEqualTo("lab");
			PeerNode node = context.getBean(PeerNode.class);
			assertThat(node.getNodeId()).isEqualTo("alpha");
			assertThat(node.getNetworkId()).isEqualTo("lab");
			HandshakePolicy policy = context.getBean(HandshakePolicy.class);
			assertThat(policy.judge(offer("beta", "lab")).accepted()).isTrue();
			assertThat(policy.judge(offer("beta", "default")).reason()).contains("'lab'");
			assertThat(policy.judge(offer("alpha", "lab")).reason()).contains("own id");
		});
	}

	@Test
	void packetTypesBindToEnumByBinaryName() {
		this.contextRunner.withPropertyValues(PACKET_TYPES).run((context) -> {
			PacketTypeRegistry registry = context.getBean(PacketTypeRegistry.class);
			assertThat(registry.getEnumType()).isEqualTo(TestPacketType.class);
			assertThat(registry.codeOf(TestPacketType.COMMAND2)).isEqualTo(1);
			assertThat(registry.typeOf(2)).isEqualTo(TestPacketType.CHAT);
		});
	}

	@Test
	void packetTypesBindToEnumByCanonicalName() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + TestPacketType.class.getCanonicalName())
			.run((context) -> assertThat(context.getBean(PacketTypeRegistry.class).getEnumType())
				.isEqualTo(TestPacketType.class));
	}

	@Test
	void packetTypesUseCodesOfCodedPacketType() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + CodedTestPacketType.class.getName())
			.run((context) -> {
				PacketTypeRegistry registry = context.getBean(PacketTypeRegistry.class);
				assertThat(registry.codeOf(CodedTestPacketType.PING)).isEqualTo(10);
				assertThat(registry.typeOf(20)).isEqualTo(CodedTestPacketType.PONG);
				assertThat(registry.typeOf(100_000)).isEqualTo(CodedTestPacketType.TELEMETRY);
				assertThat(registry.isKnown(0)).isFalse();
			});
	}

	@Test
	void maxPayloadSizeBinds() {
		this.contextRunner.withPropertyValues("p2p.max-payload-size=1MB")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getMaxPayloadSize())
				.isEqualTo(1024 * 1024));
	}

	@Test
	void maxPayloadSizeOfOneByteIsAccepted() {
		this.contextRunner.withPropertyValues("p2p.max-payload-size=1B")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getMaxPayloadSize()).isEqualTo(1));
	}

	@Test
	void peersBindToPeerAddresses() {
		this.contextRunner
			.withPropertyValues("p2p.peers=127.0.0.1:1, localhost:2,[::1]:3", "p2p.reconnect.initial-delay=10s",
					"p2p.reconnect.max-delay=10s")
			.run((context) -> {
				List<PeerAddress> expected = List.of(new PeerAddress("127.0.0.1", 1), new PeerAddress("localhost", 2),
						new PeerAddress("::1", 3));
				assertThat(context.getBean(PeerNodeSettings.class).getPeers()).isEqualTo(expected);
				assertThat(context.getBean(PeerNode.class).getStaticPeers()).isEqualTo(expected);
			});
	}

	@Test
	void peersBindFromIndexedProperties() {
		this.contextRunner
			.withPropertyValues("p2p.peers[0]=127.0.0.1:1", "p2p.peers[1]=127.0.0.1:2",
					"p2p.reconnect.initial-delay=10s", "p2p.reconnect.max-delay=10s")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getPeers())
				.containsExactly(new PeerAddress("127.0.0.1", 1), new PeerAddress("127.0.0.1", 2)));
	}

	@Test
	void handshakeModeAndTimeoutBind() {
		this.contextRunner.withPropertyValues("p2p.handshake.mode=none", "p2p.handshake.timeout=250ms")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getHandshakeMode()).isEqualTo(HandshakeMode.NONE);
				assertThat(settings.getHandshakeTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(context.getBean(PeerNode.class).isRunning()).isTrue();
			});
	}

	@Test
	void handshakeModeBindsIgnoringCase() {
		this.contextRunner.withPropertyValues("p2p.handshake.mode=NONE")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getHandshakeMode())
				.isEqualTo(HandshakeMode.NONE));
	}

	@Test
	void codecDefaultAndPerTypeOverridesBind() {
		this.contextRunner
			.withPropertyValues(PACKET_TYPES, "p2p.codec.default=string", "p2p.codec.types.COMMAND2=bytes",
					"p2p.codec.types.CHAT=json")
			.run((context) -> {
				PacketCodecs codecs = context.getBean(PacketCodecs.class);
				assertThat(codecs.codecOf(TestPacketType.COMMAND1)).isInstanceOf(StringPacketCodec.class);
				assertThat(codecs.codecOf(TestPacketType.COMMAND2)).isInstanceOf(BytesPacketCodec.class);
				assertThat(codecs.codecOf(TestPacketType.CHAT)).isInstanceOf(JsonPacketCodec.class);
				assertThat(context.getBean(PeerNodeSettings.class).getCodec()).isEqualTo("string");
			});
	}

	@Test
	void codecPerTypeOverrideBindsWithBracketNotation() {
		this.contextRunner.withPropertyValues(PACKET_TYPES, "p2p.codec.types[COMMAND1]=bytes")
			.run((context) -> assertThat(context.getBean(PacketCodecs.class).codecOf(TestPacketType.COMMAND1))
				.isInstanceOf(BytesPacketCodec.class));
	}

	@Test
	void userCodecBeanCanBeNamedAsDefault() {
		this.contextRunner.withBean("upperCodec", PacketCodec.class, UpperCaseCodec::new)
			.withPropertyValues(PACKET_TYPES, "p2p.codec.default=upper", "p2p.codec.types.COMMAND1=json")
			.run((context) -> {
				PacketCodecs codecs = context.getBean(PacketCodecs.class);
				assertThat(codecs.codecOf(TestPacketType.COMMAND2)).isInstanceOf(UpperCaseCodec.class);
				assertThat(codecs.codecOf(TestPacketType.COMMAND1)).isInstanceOf(JsonPacketCodec.class);
				assertThat(context.getBean(PeerNodeSettings.class).getCodec()).isEqualTo("upper");
			});
	}

	@Test
	void userCodecBeanNamedLikeBuiltInReplacesIt() {
		this.contextRunner.withBean("myJson", PacketCodec.class, () -> new UpperCaseCodec("json"))
			.withPropertyValues(PACKET_TYPES)
			.run((context) -> assertThat(context.getBean(PacketCodecs.class).codecOf(TestPacketType.CHAT))
				.isInstanceOf(UpperCaseCodec.class));
	}

	@Test
	void sendQueueBinds() {
		this.contextRunner.withPropertyValues("p2p.send.queue-capacity=64KB", "p2p.send.timeout=2s")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getSendQueueCapacity()).isEqualTo(64 * 1024);
				assertThat(settings.getSendTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void listenerSettingsBind() {
		this.contextRunner.withPropertyValues("p2p.listener.threads=2", "p2p.listener.queue-capacity=1MB")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getListenerThreads()).isEqualTo(2);
				assertThat(settings.getReceiveQueueCapacity()).isEqualTo(DataSize.ofMegabytes(1).toBytes());
				Object executor = listenerExecutorOf(context.getBean(PeerNode.class));
				assertThat(executor).isInstanceOfSatisfying(ThreadPoolExecutor.class,
						(pool) -> assertThat(pool.getCorePoolSize()).isEqualTo(2));
			});
	}

	@Test
	void listenerExecutorBeanIsUsedByNode() {
		Executor executor = Runnable::run;
		this.contextRunner.withBean(P2pAutoConfiguration.LISTENER_EXECUTOR_BEAN_NAME, Executor.class, () -> executor)
			.run((context) -> assertThat(listenerExecutorOf(context.getBean(PeerNode.class)))
				.isSameAs(executor));
	}

	@Test
	void executorBeanWithOtherNameIsNotUsedByNode() {
		Executor executor = Runnable::run;
		this.contextRunner.withBean("someOtherExecutor", Executor.class, () -> executor)
			.run((context) -> assertThat(listenerExecutorOf(context.getBean(PeerNode.class)))
				.isNotSameAs(executor)
				.isInstanceOf(ThreadPoolExecutor.class));
	}

	@Test
	void reconnectBackoffBinds() {
		this.contextRunner
			.withPropertyValues("p2p.reconnect.initial-delay=1s", "p2p.reconnect.max-delay=10s",
					"p2p.reconnect.multiplier=1.5", "p2p.reconnect.jitter=0")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getReconnect())
				.isEqualTo(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 1.5, 0)));
	}

	@Test
	void serverAndTransportSettingsBind() {
		this.contextRunner
			.withPropertyValues("p2p.server.advertised-host=peer.example.com", "p2p.server.max-connections=3",
					"p2p.server.backlog=16", "p2p.connect-timeout=2s", "p2p.shutdown-timeout=1s")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getAdvertisedHost()).isEqualTo("peer.example.com");
				assertThat(settings.getMaxConnections()).isEqualTo(3);
				assertThat(settings.getTransport().backlog()).isEqualTo(16);
				assertThat(settings.getTransport().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
				HandshakePolicy policy = context.getBean(HandshakePolicy.class);
				assertThat(policy.judge(offer("peer-1", "default", 2)).accepted()).isTrue();
				assertThat(policy.judge(offer("peer-1", "default", 3)).reason()).contains("connection limit of 3");
			});
	}

	@Test
	void serverCanBeDisabled() {
		this.contextRunner.withPropertyValues("p2p.server.enabled=false").run((context) -> {
			PeerNode node = context.getBean(PeerNode.class);
			assertThat(node.isRunning()).isTrue();
			assertThat(node.isListening()).isFalse();
			assertThat(node.getBoundPort()).isEqualTo(-1);
		});
	}

	@Test
	void peerNodeCustomizersAreAppliedInOrderAfterProperties() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("p2p.node-id=alpha", "p2p.network-id=lab")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getNodeId()).isEqualTo("alpha-first-second");
				assertThat(settings.getNetworkId()).isEqualTo("lab-customized");
				assertThat(context.getBean(PeerNode.class).getNodeId()).isEqualTo("alpha-first-second");
				HandshakePolicy policy = context.getBean(HandshakePolicy.class);
				assertThat(policy.judge(offer("alpha-first-second", "lab-customized")).reason()).contains("own id");
			});
	}

	@Test
	void handshakeInterceptorsAreAppliedInOrder() {
		this.contextRunner.withUserConfiguration(InterceptorConfiguration.class).run((context) -> {
			HandshakePolicy policy = context.getBean(HandshakePolicy.class);
			assertThat(policy.judge(offer("robot-1", "default")).accepted()).isTrue();
			HandshakeDecision robot13 = policy.judge(offer("robot-13", "default"));
			assertThat(robot13.accepted()).isFalse();
			assertThat(robot13.reason()).isEqualTo("unlucky number");
			HandshakeDecision human = policy.judge(offer("human-13", "default"));
			assertThat(human.accepted()).isFalse();
			assertThat(human.reason()).isEqualTo("robots only");
		});
	}

	@Test
	void builtInHandshakeChecksRunBeforeInterceptors() {
		this.contextRunner.withUserConfiguration(InterceptorConfiguration.class).run((context) -> {
			HandshakeDecision decision = context.getBean(HandshakePolicy.class).judge(offer("robot-1", "other"));
			assertThat(decision.accepted()).isFalse();
			assertThat(decision.reason()).contains("network id 'other'");
		});
	}

	@Test
	void connectionFactoryCustomizersAreAppliedToServerFactory() {
		List<AbstractConnectionFactory> customized = new ArrayList<>();
		this.contextRunner.withPropertyValues("p2p.transport=tcp")
			.withBean("recordingCustomizer", ConnectionFactoryCustomizer.class, () -> customized::add)
			.run((context) -> assertThat(customized).singleElement()
				.isInstanceOf(TcpNetServerConnectionFactory.class));
	}

	@Test
	void connectionFactoryCustomizersWithTheNettyTransportFailStartUp() {
		this.contextRunner.withBean("recordingCustomizer", ConnectionFactoryCustomizer.class, () -> (factory) -> {
		}).run(failsStartUpWith("p2p.transport", "set p2p.transport=tcp"));
	}

	@Test
	void withoutNettyTheTransportIsTcpUnlessNettyIsAskedFor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.netty"))
			.run((context) -> assertThat(context).getBean(TransportFactory.class)
				.isInstanceOf(TcpTransportFactory.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.netty"))
			.withPropertyValues("p2p.transport=netty")
			.run(failsStartUpWith("Netty is not on the class path"));
	}

	@Test
	void theTransportIsNettyByDefaultAndTcpOnRequest() {
		this.contextRunner.run((context) -> assertThat(context).getBean(TransportFactory.class)
			.isInstanceOf(NettyTransportFactory.class));
		this.contextRunner.withPropertyValues("p2p.transport=tcp")
			.run((context) -> assertThat(context).getBean(TransportFactory.class)
				.isInstanceOf(TcpTransportFactory.class));
	}

	// ---- invalid configuration

	@Test
	void packetTypesThatAreNotAnEnumFailStartUp() {
		this.contextRunner.withPropertyValues("p2p.packet-types=java.lang.String").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.packet-types")
				.rootCause()
				.hasMessageContaining("must be an enum class")
				.hasMessageContaining("java.lang.String");
		});
	}

	@Test
	void packetTypesThatDoNotExistFailStartUp() {
		this.contextRunner.withPropertyValues("p2p.packet-types=com.example.NoSuchPacketType").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.packet-types")
				.hasStackTraceContaining("com.example.NoSuchPacketType");
		});
	}

	@Test
	void packetTypesWithCollidingCodesFailStartUpNamingBothConstants() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + ClashingPacketType.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasStackTraceContaining("p2p.packet-types")
					.rootCause()
					.hasMessageContaining(ClashingPacketType.class.getName())
					.hasMessageContaining("FIRST and SECOND share code 7");
			});
	}

	@Test
	void packetTypesWithReservedCodeFailStartUp() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + ReservedCodePacketType.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("CONTROL uses code 4294967295")
					.hasMessageContaining("reserved")
					.hasMessageNotContaining("FINE");
			});
	}

	@Test
	void unknownDefaultCodecFailsStartUpNamingKnownCodecs() {
		this.contextRunner.withPropertyValues("p2p.codec.default=nope")
			.run(failsStartUpWith("p2p.codec.default", "'nope'", "bytes", "string", "json"));
	}

	@Test
	void codecOverrideForUnknownPacketTypeFailsStartUp() {
		this.contextRunner.withPropertyValues(PACKET_TYPES, "p2p.codec.types.NOPE=bytes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.codec.types.NOPE")
				.rootCause()
				.hasMessageContaining("'NOPE'")
				.hasMessageContaining("COMMAND1");
		});
	}

	@Test
	void codecOverrideWithoutPacketTypesFailsStartUpPointingAtPacketTypes() {
		this.contextRunner.withPropertyValues("p2p.codec.types.COMMAND1=bytes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("set p2p.packet-types");
		});
	}

	@Test
	void codecOverrideNamingUnknownCodecFailsStartUp() {
		this.contextRunner.withPropertyValues(PACKET_TYPES, "p2p.codec.types.COMMAND1=nope")
			.run(failsStartUpWith("p2p.codec.types.COMMAND1 names codec 'nope'", "json"));
	}

	@Test
	void peerThatIsNotAnAddressFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.peers=not-an-address").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.peers")
				.rootCause()
				.hasMessageContaining("'not-an-address'")
				.hasMessageContaining("host:port");
		});
	}

	@Test
	void peerWithPortOutOfRangeFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.peers=127.0.0.1:1,127.0.0.1:0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("127.0.0.1:0");
		});
	}

	@Test
	void serverPortOutOfRangeFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.server.port=70000")
			.run(failsStartUpWith("p2p.server.port must be from 0 to 65535, was 70000"));
	}

	@Test
	void negativeServerPortFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.server.port=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.server.port");
		});
	}

	@Test
	void serverPortInUseFailsStartUp() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			this.contextRunner.withPropertyValues("p2p.server.port=" + port).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasStackTraceContaining(String.valueOf(port))
					.hasStackTraceContaining("set p2p.server.port to a free port");
			});
		}
	}

	@Test
	void zeroHandshakeTimeoutFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.handshake.timeout=0s")
			.run(failsStartUpWith("p2p.handshake.timeout must be a positive duration"));
	}

	@Test
	void negativeHandshakeTimeoutFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.handshake.timeout=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.handshake.timeout");
		});
	}

	@Test
	void unknownHandshakeModeFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.handshake.mode=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.handshake.mode")
				.hasStackTraceContaining("sometimes");
		});
	}

	@Test
	void zeroListenerThreadsFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.listener.threads=0")
			.run(failsStartUpWith("p2p.listener.threads must be from 1 to 1024, was 0"));
	}

	@Test
	void reconnectMultiplierBelowOneFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.reconnect.multiplier=0.5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("p2p.reconnect")
				.rootCause()
				.hasMessageContaining("multiplier must be at least 1, was 0.5");
		});
	}

	@Test
	void reconnectMaxDelayShorterThanInitialDelayFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.reconnect.initial-delay=5s", "p2p.reconnect.max-delay=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasStackTraceContaining("p2p.reconnect")
					.rootCause()
					.hasMessageContaining("max delay");
			});
	}

	@Test
	void reconnectJitterAboveOneFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.reconnect.jitter=1.5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("jitter");
		});
	}

	@Test
	void zeroMaxPayloadSizeFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.max-payload-size=0B")
			.run(failsStartUpWith("p2p.max-payload-size must be from 1B to 2147483639B, was 0B"));
	}

	@Test
	void maxPayloadSizeAboveTwoGigabytesFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.max-payload-size=3GB").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.max-payload-size");
		});
	}

	@Test
	void negativeMaxConnectionsFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.server.max-connections=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.server.max-connections");
		});
	}

	@Test
	void zeroBacklogFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.server.backlog=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.server.backlog");
		});
	}

	@Test
	void zeroConnectTimeoutFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.connect-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.connect-timeout");
		});
	}

	// ---- @PacketListener validation

	@Test
	void listenerNamingUnknownPacketTypeFailsStartUp() {
		this.contextRunner.withUserConfiguration(UnknownTypeListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasStackTraceContaining("unknownTypeListener")
					.rootCause()
					.hasMessageContaining("unknownTypeListener.onNope")
					.hasMessageContaining("'NOPE'")
					.hasMessageContaining("COMMAND1");
			});
	}

	@Test
	void listenerWithoutPacketTypesConfiguredFailsStartUpPointingAtPacketTypes() {
		this.contextRunner.withUserConfiguration(ValidListenerConfiguration.class)
			.run(failsStartUpWith("validListener.", "set p2p.packet-types"));
	}

	@Test
	void listenerNamingUnknownReplyTypeFailsStartUp() {
		this.contextRunner.withUserConfiguration(UnknownReplyTypeListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run(failsStartUpWith("unknownReplyTypeListener.onCommand1", "'ANSWER'"));
	}

	@Test
	void listenerNamingNoPacketTypeFailsStartUp() {
		this.contextRunner.withUserConfiguration(NoTypeListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run(failsStartUpWith("noTypeListener.onNothing", "names no packet type"));
	}

	@Test
	void listenerReturningPlainValueWithoutReplyTypeFailsStartUp() {
		this.contextRunner.withUserConfiguration(PlainReturnListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run(failsStartUpWith("plainReturnListener.onCommand1", "returns String", "replyType"));
	}

	@Test
	void listenerWithTwoPayloadParametersFailsStartUp() {
		this.contextRunner.withUserConfiguration(TwoPayloadsListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			
				.run(failsStartUpWith("twoPayloadsListener.onCommand1", "more than one payload parameter", "java.lang.String", "byte[]"));
	}

	@Test
	void listenerWithPayloadTheCodecCannotDecodeFailsStartUp() {
		this.contextRunner.withUserConfiguration(StringListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES, "p2p.codec.default=bytes")
			.run(failsStartUpWith("stringListener.onCommand1", "java.lang.String", "'bytes'"));
	}

	@Test
	void listenerPayloadIsCheckedAgainstPerTypeCodec() {
		this.contextRunner.withUserConfiguration(StringListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES, "p2p.codec.default=string", "p2p.codec.types.COMMAND1=bytes")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure().rootCause().hasMessageContaining("COMMAND1 uses codec 'bytes'");
			});
	}

	@Test
	void validListenersStartAndAreRegistered() {
		this.contextRunner.withUserConfiguration(ValidListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PacketDispatcher dispatcher = context.getBean(PacketDispatcher.class);
				assertThat(dispatcher.hasListener(TestPacketType.COMMAND1)).isTrue();
				assertThat(dispatcher.hasListener(TestPacketType.CHAT)).isTrue();
				assertThat(dispatcher.hasListener(TestPacketType.COMMAND2)).isFalse();
				assertThat(context.getBean(PeerNode.class).isRunning()).isTrue();
			});
	}

	@Test
	void stringListenerStartsWithStringCodec() {
		this.contextRunner.withUserConfiguration(StringListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES, "p2p.codec.types.COMMAND1=string")
			.run((context) -> assertThat(context.getBean(PacketDispatcher.class).hasListener(TestPacketType.COMMAND1))
				.isTrue());
	}

	// ---- known bugs

	@Test
	void maxPayloadSizeErrorStatesTheRealLimit() {
		this.contextRunner.withPropertyValues("p2p.max-payload-size=2GB").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("p2p.max-payload-size")
				.hasMessageNotContaining("1B to 2GB");
		});
	}

	@Test
	void nodeIdLongerThanHandshakeLimitFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.node-id=" + "n".repeat(PeerIds.MAX_ID_LENGTH + 1))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure().rootCause().hasMessageContaining("p2p.node-id");
			});
	}

	@Test
	void codecOverrideBindsFromEnvironmentVariable() {
		this.contextRunner.withPropertyValues(PACKET_TYPES)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("P2P_CODEC_TYPES_COMMAND1", "bytes"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PacketCodecs.class).codecOf(TestPacketType.COMMAND1))
					.isInstanceOf(BytesPacketCodec.class);
			});
	}

	// ---- end to end

	@Test
	void twoNodesConnectAndExchangePackets() {
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(EchoListenerConfiguration.class)
			.withPropertyValues(PACKET_TYPES, "p2p.network-id=e2e");
		runner.withPropertyValues("p2p.node-id=server").run((server) -> {
			assertThat(server).hasNotFailed();
			int port = server.getBean(PeerNode.class).getBoundPort();
			runner.withPropertyValues("p2p.node-id=client", "p2p.server.enabled=false", "p2p.peers=127.0.0.1:" + port)
				.run((client) -> {
					assertThat(client).hasNotFailed();
					@SuppressWarnings("unchecked")
					PacketOperations<TestPacketType> clientPackets = client.getBean(PacketOperations.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> !clientPackets.peers().isEmpty());
					assertThat(clientPackets.peers()).singleElement()
						.satisfies((peer) -> assertThat(peer.getNodeId()).isEqualTo("server"));
					clientPackets.send("server", TestPacketType.CHAT, new ChatMessage("client", "hello"));
					ChatMessage received = server.getBean(EchoListener.class).chats.poll(10, TimeUnit.SECONDS);
					assertThat(received).isEqualTo(new ChatMessage("client", "hello"));
					ChatMessage echoed = client.getBean(EchoListener.class).chats.poll(10, TimeUnit.SECONDS);
					assertThat(echoed).isEqualTo(new ChatMessage("server", "echo: hello"));
				});
		});
	}

	// ---- helpers

	private static PeerOffer offer(String nodeId, String networkId) {
		return offer(nodeId, networkId, 0);
	}

	private static PeerOffer offer(String nodeId, String networkId, int activeSessions) {
		PeerIdentity identity = new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, nodeId, "instance-1", networkId, null,
				0, "json");
		return new PeerOffer(identity, new InetSocketAddress("127.0.0.1", 40123), activeSessions);
	}

	// ---- test types

	enum TestPacketType {

		COMMAND1, COMMAND2, CHAT

	}

	enum CodedTestPacketType implements CodedPacketType {

		PING(10), PONG(20), TELEMETRY(100_000);

		private final int code;

		CodedTestPacketType(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum ClashingPacketType implements CodedPacketType {

		FIRST(7), SECOND(7);

		private final int code;

		ClashingPacketType(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum ReservedCodePacketType implements CodedPacketType {

		FINE(1), CONTROL(-1);

		private final int code;

		ReservedCodePacketType(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	record ChatMessage(String from, String text) {
	}

	static class UpperCaseCodec implements PacketCodec {

		private final String name;

		UpperCaseCodec() {
			this("upper");
		}

		UpperCaseCodec(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public boolean canDecode(Type type) {
			return type == String.class;
		}

		@Override
		public byte[] encode(Object payload) {
			return payload.toString().toUpperCase().getBytes();
		}

		@Override
		public Object decode(byte[] payload, Type type) {
			return new String(payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSettingsConfiguration {

		@Bean
		PeerNodeSettings userSettings() {
			PeerNodeSettings settings = new PeerNodeSettings();
			settings.setNodeId("user-node");
			settings.setNetworkId("user-net");
			settings.setServerAddress("127.0.0.1");
			settings.setServerPort(0);
			return settings;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPacketTypeRegistryConfiguration {

		@Bean
		PacketTypeRegistry userPacketTypes() {
			return PacketTypeRegistry.of(TestPacketType.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPacketCodecsConfiguration {

		@Bean
		PacketCodecs userCodecs(PacketTypeRegistry packetTypes) {
			return new PacketCodecs(packetTypes, List.of(new BytesPacketCodec()), BytesPacketCodec.NAME, Map.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPacketDispatcherConfiguration {

		@Bean
		PacketDispatcher userDispatcher(PacketTypeRegistry packetTypes, PacketCodecs codecs) {
			return new PacketDispatcher(packetTypes, codecs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandshakePolicyConfiguration {

		@Bean
		HandshakePolicy userPolicy() {
			return new HandshakePolicy("user-node", "user-net", 0, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPacketTemplateConfiguration {

		@Bean
		PacketTemplate<TestPacketType> userTemplate(PeerNode node, PacketTypeRegistry packetTypes,
				PacketCodecs codecs) {
			return new PacketTemplate<>(node, packetTypes, codecs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPeerNodeConfiguration {

		@Bean
		PeerNode userPeerNode(PacketTypeRegistry packetTypes, PacketDispatcher dispatcher,
				ApplicationEventPublisher publisher) {
			PeerNodeSettings settings = new PeerNodeSettings();
			settings.setNodeId("user-node");
			settings.setServerAddress("127.0.0.1");
			settings.setServerPort(0);
			HandshakePolicy policy = new HandshakePolicy("user-node", "default", 0, List.of());
			return new PeerNode(settings, packetTypes, dispatcher, policy, publisher, null,
					new TcpTransportFactory(settings.getTransport(), settings.getTls(), List.of()), PeerMetrics.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPacketListenerBeanPostProcessorConfiguration {

		@Bean
		static PacketListenerBeanPostProcessor userPostProcessor(
				ObjectProvider<PacketDispatcher> dispatcher) {
			return new PacketListenerBeanPostProcessor(dispatcher);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		PeerNodeCustomizer secondCustomizer() {
			return (settings) -> settings.setNodeId(settings.getNodeId() + "-second");
		}

		@Bean
		@Order(1)
		PeerNodeCustomizer firstCustomizer() {
			return (settings) -> {
				settings.setNodeId(settings.getNodeId() + "-first");
				settings.setNetworkId(settings.getNetworkId() + "-customized");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterceptorConfiguration {

		@Bean
		@Order(2)
		HandshakeInterceptor noThirteen() {
			return (offer) -> offer.nodeId().endsWith("-13") ? HandshakeDecision.deny("unlucky number")
					: HandshakeDecision.accept();
		}

		@Bean
		@Order(1)
		HandshakeInterceptor robotsOnly() {
			return (offer) -> offer.nodeId().startsWith("robot-") ? HandshakeDecision.accept()
					: HandshakeDecision.deny("robots only");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownTypeListenerConfiguration {

		@Bean
		UnknownTypeListener unknownTypeListener() {
			return new UnknownTypeListener();
		}

	}

	static class UnknownTypeListener {

		@PacketListener("NOPE")
		void onNope(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownReplyTypeListenerConfiguration {

		@Bean
		UnknownReplyTypeListener unknownReplyTypeListener() {
			return new UnknownReplyTypeListener();
		}

	}

	static class UnknownReplyTypeListener {

		@PacketListener(value = "COMMAND1", replyType = "ANSWER")
		String onCommand1(String payload) {
			return payload;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoTypeListenerConfiguration {

		@Bean
		NoTypeListener noTypeListener() {
			return new NoTypeListener();
		}

	}

	static class NoTypeListener {

		@PacketListener({})
		void onNothing(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainReturnListenerConfiguration {

		@Bean
		PlainReturnListener plainReturnListener() {
			return new PlainReturnListener();
		}

	}

	static class PlainReturnListener {

		@PacketListener("COMMAND1")
		String onCommand1(String payload) {
			return payload;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPayloadsListenerConfiguration {

		@Bean
		TwoPayloadsListener twoPayloadsListener() {
			return new TwoPayloadsListener();
		}

	}

	static class TwoPayloadsListener {

		@PacketListener("COMMAND1")
		void onCommand1(String text, PeerSession from, byte[] bytes) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StringListenerConfiguration {

		@Bean
		StringListener stringListener() {
			return new StringListener();
		}

	}

	static class StringListener {

		@PacketListener("COMMAND1")
		void onCommand1(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidListenerConfiguration {

		@Bean
		ValidListener validListener() {
			return new ValidListener();
		}

	}

	static class ValidListener {

		@PacketListener(value = "COMMAND1", replyType = "COMMAND2")
		ChatMessage onCommand1(ChatMessage message, PeerSession from, TestPacketType type, Packet packet) {
			return message;
		}

		@PacketListener("CHAT")
		PacketReply onChat(List<ChatMessage> messages) {
			return PacketReply.of(TestPacketType.COMMAND2, messages);
		}

		@PacketListener("CHAT")
		void onChatRaw(Packet packet, Enum<?> type) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoListenerConfiguration {

		@Bean
		EchoListener echoListener(PeerNode node) {
			return new EchoListener(node);
		}

	}

	static class EchoListener {

		final BlockingQueue<ChatMessage> chats = new LinkedBlockingQueue<>();

		private final PeerNode node;

		EchoListener(PeerNode node) {
			this.node = node;
		}

		@PacketListener("CHAT")
		PacketReply onChat(ChatMessage message, PeerSession from) {
			this.chats.add(message);
			if (message.text().startsWith("echo: ")) {
				return null;
			}
			return PacketReply.of(TestPacketType.CHAT,
					new ChatMessage(this.node.getNodeId(), "echo: " + message.text()));
		}

	}

	/** The executor the running node hands packets to (internal state, read for the test). */
	private static Object listenerExecutorOf(PeerNode node) {
		return ReflectionTestUtils.getField(
				ReflectionTestUtils.getField(ReflectionTestUtils.getField(node, "runtime"), "threads"), "listener");
	}

	/** The context fails to start with a root cause whose message contains every one of these. */
	private static ContextConsumer<AssertableApplicationContext> failsStartUpWith(String... messages) {
		return (context) -> {
			assertThat(context).hasFailed();
			AbstractThrowableAssert<?, ?> cause = assertThat(context).getFailure().rootCause();
			for (String message : messages) {
				cause.hasMessageContaining(message);
			}
		};
	}

}
