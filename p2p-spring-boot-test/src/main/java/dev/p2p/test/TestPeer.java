package dev.p2p.test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.event.PeerEvent;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamContent;

/**
 * A peer a test drives against the node under test: a real node of its own (same packet types,
 * codecs, network id, network key and TLS settings as the application, no server socket) that
 * dials the application's node on the loopback interface, sends packets, requests and streams,
 * and waits for what comes back. Nothing here sleeps: expectations poll (Awaitility) until the
 * packet is there or the timeout passes.
 *
 * <pre class="code">
 * try (TestPeer peer = testPeers.connect()) {
 *     peer.send(PacketType.CHAT, new ChatMessage("tester", "hello"));
 *     ChatMessage greeting = peer.expect(PacketType.CHAT, ChatMessage.class).within(Duration.ofSeconds(5)).payload();
 * }
 * </pre>
 *
 * Create one with {@link TestPeers#connect()} (a bean in every test context with this module) or
 * {@link #builder()}. Streams the application sends to a test peer are refused: a test peer
 * only listens for packets.
 */
public final class TestPeer implements AutoCloseable {

	private final AnnotationConfigApplicationContext context;

	private final PeerNode node;

	@SuppressWarnings("rawtypes")
	private final PacketOperations packets;

	private final PacketCodecs codecs;

	private final PacketCapture capture;

	private final List<PeerEvent> events;

	private final PeerSession session;

	private final Duration timeout;

	TestPeer(AnnotationConfigApplicationContext context, PacketCapture capture, List<PeerEvent> events,
			PeerSession session, Duration timeout) {
		this.context = context;
		this.node = context.getBean(PeerNode.class);
		this.packets = context.getBean(PacketOperations.class);
		this.codecs = context.getBean(PacketCodecs.class);
		this.capture = capture;
		this.events = events;
		this.session = session;
		this.timeout = timeout;
	}

	/**
	 * A builder for a test peer with other settings than the application's.
	 * @return a new builder
	 */
	public static TestPeerBuilder builder() {
		return new TestPeerBuilder();
	}

	/**
	 * Connect a test peer to the node of an application context.
	 * @param application the context of the application under test
	 * @return the connected peer
	 */
	public static TestPeer connectTo(ApplicationContext application) {
		return builder().connectTo(application);
	}

	/**
	 * This peer's node id.
	 * @return the id
	 */
	public String getNodeId() {
		return this.node.getNodeId();
	}

	/**
	 * Node id of the application's node this peer is connected to.
	 * @return the id
	 */
	public String getTargetNodeId() {
		return this.session.getNodeId();
	}

	/**
	 * This peer's session with the application's node.
	 * @return the session
	 */
	public PeerSession getSession() {
		return this.session;
	}

	/**
	 * Whether the connection to the application's node is up.
	 * @return {@code true} while connected
	 */
	public boolean isConnected() {
		return this.node.findSession(getTargetNodeId()).isPresent();
	}

	/**
	 * Send a packet to the application (fire and forget).
	 * @param type the packet type
	 * @param payload the payload, encoded with the type's codec
	 */
	@SuppressWarnings("unchecked")
	public void send(Enum<?> type, Object payload) {
		this.packets.send(getTargetNodeId(), type, payload);
	}

	/**
	 * Send a request to the application and wait for its answer.
	 * @param <R> the reply type
	 * @param type the packet type
	 * @param payload the payload
	 * @param replyType what to decode the reply into
	 * @return the reply
	 * @throws AssertionError if no reply comes within the timeout
	 */
	public <R> R request(Enum<?> type, Object payload, Class<R> replyType) {
		return await(requestAsync(type, payload, replyType), "a reply to " + type.name());
	}

	/**
	 * Send a request to the application.
	 * @param <R> the reply type
	 * @param type the packet type
	 * @param payload the payload
	 * @param replyType what to decode the reply into
	 * @return completes with the reply, or fails as {@link PacketOperations} requests fail
	 */
	@SuppressWarnings("unchecked")
	public <R> CompletableFuture<R> requestAsync(Enum<?> type, Object payload, Class<R> replyType) {
		return this.packets.request(this.session, type, payload, replyType, this.timeout);
	}

	/**
	 * Stream data to the application and wait until it has all been acknowledged.
	 * @param type the stream's packet type
	 * @param data the data, read to its end
	 * @return what was sent
	 */
	public StreamResult stream(Enum<?> type, InputStream data) {
		return stream(type, StreamContent.of(data));
	}

	/**
	 * Stream content to the application and wait until it has all been acknowledged.
	 * @param type the stream's packet type
	 * @param content the content
	 * @return what was sent
	 */
	@SuppressWarnings("unchecked")
	public StreamResult stream(Enum<?> type, StreamContent content) {
		CompletableFuture<StreamResult> result = this.packets.stream(this.session, type, content);
		return await(result, "the " + type.name() + " stream to finish");
	}

	/**
	 * Expect the next packet of a type, decoded with the type's codec.
	 * @param <T> the payload type
	 * @param type the packet type
	 * @param payloadType what to decode the payload into
	 * @return the expectation; call {@link ExpectedPacket#within(Duration)} to wait for it
	 */
	public <T> ExpectedPacket<T> expect(Enum<?> type, Class<T> payloadType) {
		return new ExpectedPacket<>(this.capture, type, payloadType, (entry) -> decode(entry.packet, payloadType),
				(payload) -> true, "a " + type.name() + " packet from " + getTargetNodeId() + " at " + getNodeId(),
				this.timeout);
	}

	/**
	 * Expect the next packet of a type, undecoded.
	 * @param type the packet type
	 * @return the expectation
	 */
	public ExpectedPacket<Packet> expect(Enum<?> type) {
		return expect(type, Packet.class);
	}

	/**
	 * Assert that no packet of a type arrives (beyond those already expected) for a while: the one
	 * place where a test has to wait out a period.
	 * @param type the packet type
	 * @param period how long nothing may arrive
	 * @throws AssertionError if one arrives
	 */
	public void expectNothing(Enum<?> type, Duration period) {
		try {
			Awaitility.await("no " + type.name() + " packet at " + getNodeId())
				.during(period)
				.atMost(period.plusSeconds(1))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> !this.capture.hasUntaken(type));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Expected no " + type.name() + " packet within " + period.toMillis()
					+ " ms; received " + this.capture.summary(), ex);
		}
	}

	/**
	 * Every packet of a type received so far, expected or not, decoded.
	 * @param <T> the payload type
	 * @param type the packet type
	 * @param payloadType what to decode the payloads into
	 * @return the packets in arrival order
	 */
	public <T> List<Received<T>> received(Enum<?> type, Class<T> payloadType) {
		List<Received<T>> received = new ArrayList<>();
		for (PacketCapture.Entry entry : this.capture.all(type)) {
			received.add(new Received<>(type, decode(entry.packet, payloadType), entry.from, entry.at));
		}
		return received;
	}

	/**
	 * Answer the application's packets (or requests) of a type.
	 * @param <T> the payload type
	 * @param type the packet type
	 * @param payloadType what to decode the payload into
	 * @param answer the answer for a payload: a reply packet, or {@code null} for none
	 */
	public <T> void answer(Enum<?> type, Class<T> payloadType, Function<T, @Nullable PacketReply> answer) {
		this.capture.answer(type, (packet) -> answer.apply(decode(packet, payloadType)));
	}

	/**
	 * The events this peer's node published (connected, disconnected, failures), in order.
	 * @return the events so far
	 */
	public List<PeerEvent> events() {
		return List.copyOf(this.events);
	}

	/**
	 * The events of one kind this peer's node published.
	 * @param <E> the event type
	 * @param type the event class
	 * @return the events so far
	 */
	public <E extends PeerEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * Close the connection to the application, keeping this peer's node (and what it received).
	 */
	public void disconnect() {
		this.node.disconnect(getTargetNodeId());
	}

	/**
	 * Stop this peer's node.
	 */
	@Override
	public void close() {
		this.context.close();
	}

	@SuppressWarnings("unchecked")
	private <T> T decode(Packet packet, Class<T> payloadType) {
		if (payloadType == Packet.class) {
			return (T) packet;
		}
		return (T) this.codecs.codecOf(packet.type()).decode(packet.payload(), payloadType);
	}

	private <R> R await(CompletableFuture<R> future, String what) {
		try {
			return future.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new AssertionError("Failed waiting for " + what + ": " + cause, cause);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No " + what + " within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted waiting for " + what, ex);
		}
	}

	/** Collects the events of the test peer's node. */
	static final class EventRecorder implements ApplicationListener<PeerEvent> {

		final List<PeerEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PeerEvent event) {
			this.events.add(event);
		}

	}

	static PeerAddress loopbackAddressOf(PeerNode node) {
		var bound = node.getBoundAddress();
		if (bound == null) {
			throw new IllegalStateException("The node under test (" + node.getNodeId() + ") is not listening");
		}
		String host = (bound.getAddress() != null && bound.getAddress().isLoopbackAddress())
				? bound.getAddress().getHostAddress() : "127.0.0.1";
		return new PeerAddress(host, bound.getPort());
	}

}
