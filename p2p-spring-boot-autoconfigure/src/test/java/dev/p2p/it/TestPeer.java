package dev.p2p.it;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

import dev.p2p.core.PacketOperations;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;

/**
 * A peer running in its own Boot context on an ephemeral loopback port.
 */
final class TestPeer implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final PeerNode node;

	final PacketOperations<TestPacketType> packets;

	final TestPeerApplication.Recorder recorder;

	/**
	 * The {@code p2p.transport} every peer started from now on (and every {@link ForkedPeers})
	 * uses unless its properties say otherwise, {@code null} for the default; set by the tcp
	 * variants of the tests ({@link TcpTransportVariant}).
	 */
	static volatile String transport;

	private TestPeer(ConfigurableApplicationContext context) {
		this.context = context;
		this.node = context.getBean(PeerNode.class);
		this.packets = packets(context);
		this.recorder = context.getBean(TestPeerApplication.Recorder.class);
	}

	/**
	 * The context's packet operations, looked up by their generic type as an application's
	 * {@code @Autowired PacketOperations<TestPacketType>} would be.
	 * @param context a context with {@code p2p.packet-types} set to {@link TestPacketType}
	 * @return its packet operations
	 */
	@SuppressWarnings("unchecked")
	static PacketOperations<TestPacketType> packets(ApplicationContext context) {
		return (PacketOperations<TestPacketType>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(PacketOperations.class, TestPacketType.class))
			.getObject();
	}

	/**
	 * Start a peer.
	 * @param nodeId its node id
	 * @param properties extra {@code key=value} properties
	 * @return the running peer
	 */
	static TestPeer start(String nodeId, String... properties) {
		return start(nodeId, new Class<?>[0], properties);
	}

	static TestPeer start(String nodeId, Class<?>[] extraConfiguration, String... properties) {
		List<String> all = new ArrayList<>(List.of("p2p.node-id=" + nodeId, "p2p.server.port=0",
				"p2p.server.address=127.0.0.1", "p2p.packet-types=" + TestPacketType.class.getName(),
				"p2p.codec.types.SEQ=bytes", "p2p.codec.types.TEXT=string", "p2p.codec.types.BOOM=string", "p2p.codec.types.PING=string", "p2p.codec.types.DELAY=string", "p2p.codec.types.INFO=string",
				"p2p.codec.types.COMMAND1=bytes", "p2p.codec.types.COMMAND2=bytes", "p2p.codec.types.BLOCK=bytes",
				"p2p.handshake.timeout=2s",
				"p2p.reconnect.initial-delay=50ms", "p2p.reconnect.max-delay=500ms", "spring.main.banner-mode=off"));
		String defaultTransport = transport;
		if (defaultTransport != null) {
			all.add("p2p.transport=" + defaultTransport);
		}
		all.addAll(List.of(properties));
		List<Class<?>> sources = new ArrayList<>(List.of(TestPeerApplication.class));
		sources.addAll(List.of(extraConfiguration));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
		return new TestPeer(context);
	}

	String address() {
		return "127.0.0.1:" + this.node.getBoundPort();
	}

	int port() {
		return this.node.getBoundPort();
	}

	PeerSession session(String nodeId) {
		return this.node.findSession(nodeId).orElseThrow(() -> new AssertionError("not connected to " + nodeId));
	}

	boolean isConnectedTo(String nodeId) {
		return this.node.findSession(nodeId).isPresent();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
