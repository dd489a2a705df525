package dev.p2p.test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ReflectionUtils;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.listener.PacketDispatcher;
import dev.p2p.listener.PacketListener;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;

/**
 * Builds a {@link TestPeer}: by default it takes the application's packet types, codecs, network
 * id, network key, handshake and TLS settings ({@code p2p.*} and {@code spring.ssl.*} properties,
 * {@code PacketCodec} beans, the {@code JsonMapper} and {@code SslBundles}), so that it is
 * admitted like another instance of the application; {@link #property(String, String)}
 * overrides any of them (a wrong network key, another network id) to test rejections.
 */
public final class TestPeerBuilder {

	/** How often {@link #connectTo(ApplicationContext)} looks for the application's session. */
	private static final long REGISTRATION_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private static final AtomicInteger counter = new AtomicInteger();

	/** Settings a test peer shares with the application it connects to. */
	private static final List<String> SHARED_PREFIXES = List.of("p2p.packet-types", "p2p.codec.", "p2p.network-id",
			"p2p.security.network-key", "p2p.handshake.", "p2p.max-payload-size", "p2p.stream.", "p2p.request.",
			"p2p.send.", "p2p.ssl.", "spring.ssl.", "p2p.heartbeat.");

	private static final Method CAPTURE = ReflectionUtils.findMethod(PacketCapture.class, "onPacket", Packet.class,
			PeerSession.class);

	private @Nullable String nodeId;

	private Duration timeout = Duration.ofSeconds(5);

	private final Map<String, String> properties = new LinkedHashMap<>();

	TestPeerBuilder() {
	}

	/**
	 * The test peer's node id; {@code test-peer-<n>} by default.
	 * @param nodeId the id
	 * @return this builder
	 */
	public TestPeerBuilder nodeId(String nodeId) {
		this.nodeId = nodeId;
		return this;
	}

	/**
	 * How long requests, streams and {@link ExpectedPacket#get()} wait; 5 seconds by default.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public TestPeerBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * A {@code p2p.*} property of the test peer's node, overriding the application's value.
	 * @param name the property, such as {@code p2p.security.network-key}
	 * @param value its value
	 * @return this builder
	 */
	public TestPeerBuilder property(String name, String value) {
		this.properties.put(name, value);
		return this;
	}

	/**
	 * Start the test peer and connect it to the node of an application context (on the loopback
	 * address of its bound port); waits for the handshake.
	 * @param application the application under test
	 * @return the connected peer
	 * @throws AssertionError if the connection or the handshake fails
	 */
	public TestPeer connectTo(ApplicationContext application) {
		PeerNode target = application.getBean(PeerNode.class);
		TestPeer peer = connectTo(application, TestPeer.loopbackAddressOf(target));
		// the peer's handshake ends when the ACCEPT arrives, which may be a moment before the
		// application has registered the session: connected means both sides can send
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (target.findSession(peer.getNodeId()).isEmpty()) {
			if (System.nanoTime() > deadline) {
				peer.close();
				throw new AssertionError("The application did not register test peer '" + peer.getNodeId()
						+ "' within " + this.timeout);
			}
			// polled, not spun: on a small machine a spinning test thread would hold back the
			// application thread that registers the session
			LockSupport.parkNanos(REGISTRATION_POLL_NANOS);
		}
		return peer;
	}

	/**
	 * Start the test peer with the settings of an application context and connect it to an
	 * address (another node of the same application, a proxy of {@code P2pTestNetwork}).
	 * @param settingsFrom the application whose settings the peer takes
	 * @param address where to connect
	 * @return the connected peer
	 */
	public TestPeer connectTo(ApplicationContext settingsFrom, PeerAddress address) {
		AnnotationConfigApplicationContext context = start(settingsFrom);
		try {
			PeerSession session = context.getBean(PeerNode.class)
				.connect(address)
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new TestPeer(context, context.getBean(PacketCapture.class),
					context.getBean(TestPeer.EventRecorder.class).events, session, this.timeout);
		}
		catch (ExecutionException | TimeoutException ex) {
			context.close();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new AssertionError("Test peer could not connect to " + address + ": " + cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			context.close();
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted connecting to " + address, ex);
		}
	}

	private AnnotationConfigApplicationContext start(ApplicationContext application) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		Map<String, Object> settings = new LinkedHashMap<>(sharedProperties(application.getEnvironment()));
		settings.put("p2p.node-id", (this.nodeId != null) ? this.nodeId : "test-peer-" + counter.incrementAndGet());
		settings.put("p2p.server.enabled", "false");
		settings.put("p2p.discovery.enabled", "false");
		settings.putAll(this.properties);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testPeer", settings));
		ConfigurableListableBeanFactory beans = context.getBeanFactory();
		// the application's codecs, Jackson mapper and SSL bundles, so payloads and TLS match
		String[] codecNames = application.getBeanNamesForType(PacketCodec.class);
		for (String name : codecNames) {
			beans.registerSingleton(name, application.getBean(name));
		}
		application.getBeanProvider(JsonMapper.class).ifUnique((mapper) -> beans.registerSingleton("jsonMapper", mapper));
		application.getBeanProvider(SslBundles.class)
			.ifUnique((bundles) -> beans.registerSingleton("sslBundles", new SharedSslBundles(bundles)));
		context.registerBean(PacketCapture.class, PacketCapture::new);
		context.registerBean(TestPeer.EventRecorder.class, TestPeer.EventRecorder::new);
		context.register(P2pAutoConfiguration.class);
		context.refresh();
		registerCapture(context);
		return context;
	}

	private static void registerCapture(AnnotationConfigApplicationContext context) {
		PacketTypeRegistry types = context.getBean(PacketTypeRegistry.class);
		List<String> names = new ArrayList<>();
		types.types().forEach((type) -> names.add(type.name()));
		if (names.isEmpty()) {
			return;
		}
		PacketListener every = MergedAnnotation.of(PacketListener.class, Map.of("value", names.toArray(String[]::new)))
			.synthesize();
		context.getBean(PacketDispatcher.class).register("testPeer", context.getBean(PacketCapture.class), CAPTURE,
				every);
	}

	private static Map<String, Object> sharedProperties(Environment environment) {
		Map<String, Object> shared = new LinkedHashMap<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			configurable.getPropertySources().forEach((source) -> {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						if (!shared.containsKey(name) && SHARED_PREFIXES.stream().anyMatch(name::startsWith)) {
							String value = environment.getProperty(name);
							if (value != null) {
								shared.put(name, value);
							}
						}
					}
				}
			});
		}
		return shared;
	}

}
