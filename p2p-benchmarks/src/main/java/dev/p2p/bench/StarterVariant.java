package dev.p2p.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

import dev.p2p.core.PacketOperations;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;

/**
 * The starter through its public API: real Boot contexts on loopback, {@link PacketOperations}
 * on one side, {@code @PacketListener} methods on the other.
 */
public final class StarterVariant implements Variant {

	private static final long TIMEOUT_MILLIS = 120_000;

	/**
	 * The starter in the reliable delivery modes, measured beside {@code starter} in the same run
	 * when selected: {@code starter-alo} ({@code at-least-once}) and {@code starter-eo}
	 * ({@code exactly-once}).
	 */
	static final List<String> RELIABLE_VARIANTS = List.of("starter-alo", "starter-eo");

	/** The scenarios the reliable variants take part in; the others skip them. */
	static final Set<String> RELIABLE_SCENARIOS = Set.of("tput-64B", "tput-4KiB", "tput-1MiB", "rtt-64B");

	/** Extra properties for every starter peer, such as {@code spring.threads.virtual.enabled=true}. */
	static final List<String> COMMON_PROPERTIES = new ArrayList<>();

	private final String name;

	private final List<String> properties;

	/** The starter as the run configures it ({@code at-most-once} unless {@code --delivery=}). */
	public StarterVariant() {
		this("starter");
	}

	/**
	 * The starter under another name with properties of its own.
	 * @param name the name in the output
	 * @param properties given to every peer of this variant, after {@link #COMMON_PROPERTIES}
	 */
	StarterVariant(String name, String... properties) {
		this.name = name;
		this.properties = List.of(properties);
	}

	/**
	 * One of {@link #RELIABLE_VARIANTS}.
	 * @param name {@code starter-alo} or {@code starter-eo}
	 * @return the starter with that name and its {@code p2p.delivery.mode}
	 */
	static StarterVariant reliable(String name) {
		String mode = switch (name) {
			case "starter-alo" -> "at-least-once";
			case "starter-eo" -> "exactly-once";
			default -> throw new IllegalArgumentException("not a reliable starter variant: " + name);
		};
		return new StarterVariant(name, "p2p.delivery.mode=" + mode);
	}

	@Override
	public String name() {
		return this.name;
	}

	static Peer start(String nodeId, String... extra) {
		return start(List.of(), nodeId, extra);
	}

	/**
	 * Start a peer.
	 * @param variantProperties the properties of the variant, after {@link #COMMON_PROPERTIES}
	 * @param nodeId its node id
	 * @param extra the properties of this peer, last
	 * @return the running peer
	 */
	static Peer start(List<String> variantProperties, String nodeId, String... extra) {
		List<String> properties = new ArrayList<>(COMMON_PROPERTIES);
		properties.addAll(List.of("p2p.node-id=" + nodeId, "p2p.server.port=0",
				"p2p.server.address=127.0.0.1", "p2p.packet-types=" + BenchPacketType.class.getName(),
				"p2p.codec.default=bytes", "p2p.max-payload-size=2MB", "spring.main.banner-mode=off",
				"spring.main.log-startup-info=false", "logging.level.root=WARN"));
		// a later value of a key wins, so the variant's delivery mode overrides --delivery=
		properties.addAll(variantProperties);
		properties.addAll(List.of(extra));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchPeerApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		return new Peer(context);
	}

	@Override
	public ThroughputPair throughputPair(int payloadSize) throws Exception {
		Peer receiver = start(this.properties, "receiver");
		Peer sender = start(this.properties, "sender", "p2p.peers=127.0.0.1:" + receiver.node.getBoundPort());
		return throughputPair(sender, receiver, sender.awaitSession("receiver"), payloadSize, List.of(sender, receiver));
	}

	/**
	 * Throughput from a sender to a node called {@code receiver} over a session, direct or relayed.
	 * @param peers closed with the pair
	 */
	static ThroughputPair throughputPair(Peer sender, Peer receiver, PeerSession session, int payloadSize,
			List<Peer> peers) {
		SequenceChecker checker = new SequenceChecker(payloadSize);
		receiver.listeners.checker = checker;
		return new ThroughputPair() {

			private long sequence;

			// large payloads are recycled once written, as the plain sender reuses its array
			private final BlockingQueue<byte[]> recycled = recycledPayloads(payloadSize);

			@Override
			public long sendWindow(int packets) throws Exception {
				long start = System.nanoTime();
				for (int i = 0; i < packets; i++) {
					if (this.recycled != null) {
						byte[] payload = this.recycled.take();
						SequenceChecker.writeLongLE(payload, 0, this.sequence++);
						sender.packets.sendAsync("receiver", BenchPacketType.DATA, payload)
							.whenComplete((written, failure) -> this.recycled.add(payload));
					}
					else {
						byte[] payload = new byte[payloadSize];
						SequenceChecker.writeLongLE(payload, 0, this.sequence++);
						sender.packets.send(session, BenchPacketType.DATA, payload);
					}
				}
				long total = this.sequence;
				Waits.until(() -> checker.received() >= total, TIMEOUT_MILLIS, "starter receiver");
				long elapsed = System.nanoTime() - start;
				checker.verify(total);
				return elapsed;
			}

			@Override
			public void close() {
				peers.forEach(Peer::close);
			}

		};
	}

	/**
	 * Payload arrays to cycle through for payloads of 64 KiB and more (enough to fill the
	 * default 8 MB send queue), or {@code null} for smaller payloads, which are allocated per
	 * send as most applications would.
	 */
	static BlockingQueue<byte[]> recycledPayloads(int payloadSize) {
		if (payloadSize < 64 * 1024) {
			return null;
		}
		int count = Math.max(4, (int) (16L * 1024 * 1024 / payloadSize));
		BlockingQueue<byte[]> payloads = new ArrayBlockingQueue<>(count);
		for (int i = 0; i < count; i++) {
			payloads.add(new byte[payloadSize]);
		}
		return payloads;
	}

	@Override
	public RoundTripPair roundTripPair(int payloadSize) throws Exception {
		Peer server = start(this.properties, "server");
		Peer client = start(this.properties, "client", "p2p.peers=127.0.0.1:" + server.node.getBoundPort());
		return roundTripPair(client, client.awaitSession("server"), payloadSize, List.of(client, server));
	}

	/**
	 * Round trips from a client to its peer over a session, direct or relayed.
	 * @param peers closed with the pair
	 */
	static RoundTripPair roundTripPair(Peer client, PeerSession session, int payloadSize, List<Peer> peers) {
		return new RoundTripPair() {

			@Override
			public long[] roundTrips(int count) throws Exception {
				long[] nanos = new long[count];
				byte[] payload = new byte[payloadSize];
				BenchPeerApplication.BenchListeners listeners = client.listeners;
				listeners.replyWaiter = Thread.currentThread();
				long replies = listeners.replies.get();
				for (int i = 0; i < count; i++) {
					long start = System.nanoTime();
					client.packets.send(session, BenchPacketType.PING, payload);
					long deadline = start + TIMEOUT_MILLIS * 1_000_000L;
					while (listeners.replies.get() <= replies) {
						LockSupport.parkNanos(1_000_000);
						if (System.nanoTime() > deadline) {
							throw new TimeoutException("no reply to ping " + i);
						}
					}
					replies++;
					nanos[i] = System.nanoTime() - start;
				}
				listeners.replyWaiter = null;
				return nanos;
			}

			@Override
			public void close() {
				peers.forEach(Peer::close);
			}

		};
	}

	@Override
	public FanoutGroup fanoutGroup(int receivers, int payloadSize) throws Exception {
		Peer hub = start(this.properties, "hub");
		List<Peer> peers = new ArrayList<>();
		List<SequenceChecker> checkers = new ArrayList<>();
		for (int i = 0; i < receivers; i++) {
			Peer peer = start(this.properties, "receiver-" + i, "p2p.listener.threads=1", "p2p.server.enabled=false",
					"p2p.peers=127.0.0.1:" + hub.node.getBoundPort());
			SequenceChecker checker = new SequenceChecker(payloadSize);
			peer.listeners.checker = checker;
			peers.add(peer);
			checkers.add(checker);
		}
		Waits.until(() -> hub.node.getSessions().size() == receivers, TIMEOUT_MILLIS, "fan-out receivers");
		return new FanoutGroup() {

			private long sequence;

			@Override
			public long broadcastWindow(int packets) throws Exception {
				long start = System.nanoTime();
				for (int i = 0; i < packets; i++) {
					byte[] payload = new byte[payloadSize];
					SequenceChecker.writeLongLE(payload, 0, this.sequence++);
					hub.packets.broadcast(BenchPacketType.DATA, payload);
				}
				long total = this.sequence;
				for (SequenceChecker checker : checkers) {
					Waits.until(() -> checker.received() >= total, TIMEOUT_MILLIS, "fan-out receiver");
				}
				long elapsed = System.nanoTime() - start;
				checkers.forEach((checker) -> checker.verify(total));
				return elapsed;
			}

			@Override
			public void close() {
				peers.forEach(Peer::close);
				hub.close();
			}

		};
	}

	/** A running starter peer. */
	static final class Peer implements AutoCloseable {

		final ConfigurableApplicationContext context;

		final PeerNode node;

		final PacketOperations<BenchPacketType> packets;

		final BenchPeerApplication.BenchListeners listeners;

		Peer(ConfigurableApplicationContext context) {
			this.context = context;
			this.node = context.getBean(PeerNode.class);
			this.packets = packets(context);
			this.listeners = context.getBean(BenchPeerApplication.BenchListeners.class);
		}

		/** The packet operations, found by their generic type as an application injects them. */
		@SuppressWarnings("unchecked")
		private static PacketOperations<BenchPacketType> packets(ConfigurableApplicationContext context) {
			return (PacketOperations<BenchPacketType>) context
				.getBeanProvider(ResolvableType.forClassWithGenerics(PacketOperations.class, BenchPacketType.class))
				.getObject();
		}

		PeerSession awaitSession(String nodeId) throws TimeoutException {
			Waits.until(() -> this.node.findSession(nodeId).isPresent(), TIMEOUT_MILLIS, "session with " + nodeId);
			return this.node.findSession(nodeId).orElseThrow();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
