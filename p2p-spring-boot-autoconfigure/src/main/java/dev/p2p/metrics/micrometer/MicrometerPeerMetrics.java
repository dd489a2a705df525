package dev.p2p.metrics.micrometer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.metrics.RequestOutcome;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionState;
import dev.p2p.peer.StreamOutcome;

/**
 * Records the node's traffic in a Micrometer {@link MeterRegistry}: packets and bytes sent and
 * received, handshakes by outcome, rejected packets by reason, and how long listeners take.
 * <p>
 * Meters are created once, up front, for every packet type, outcome and reason, so the hot
 * path only increments; they show up (at zero) before the first packet. Tags stay bounded: the
 * packet type enum, the outcome and the reason. With {@code p2p.metrics.peer-tag=true} the
 * packet and byte counters also carry a {@code peer} tag: the node id of an established peer
 * (its series are removed when its last connection closes: a peer that reconnects, or briefly
 * has two connections, keeps one series), empty for connections still handshaking.
 */
public class MicrometerPeerMetrics implements PeerMetrics {

	/** Packets written, tagged {@code type}. */
	public static final String PACKETS_SENT = "p2p.packets.sent";

	/** Packets received and queued for listeners, tagged {@code type}. */
	public static final String PACKETS_RECEIVED = "p2p.packets.received";

	/** Bytes written, headers and control frames included. */
	public static final String BYTES_SENT = "p2p.bytes.sent";

	/** Bytes read, headers and control frames included. */
	public static final String BYTES_RECEIVED = "p2p.bytes.received";

	/** Handshakes, tagged {@code outcome}: {@code success} or how it failed. */
	public static final String HANDSHAKES = "p2p.handshakes";

	/** Counter of limit violations, tagged {@code limit}. */
	public static final String LIMITS_EXCEEDED = "p2p.limits.exceeded";

	/** Received frames not delivered, tagged {@code reason}. */
	public static final String PACKETS_REJECTED = "p2p.packets.rejected";

	/** Listener invocations, tagged {@code type} and {@code outcome} ({@code success} or {@code error}). */
	public static final String LISTENER_DURATION = "p2p.listener.duration";

	/** Requests this node sent, from sending to the reply, tagged {@code type} and {@code outcome}. */
	public static final String REQUESTS = "p2p.requests";

	/**
	 * Streams, from opening to the end, tagged {@code type}, {@code direction} ({@code sent} or
	 * {@code received}) and {@code outcome}.
	 */
	public static final String STREAMS = "p2p.streams";

	/** Data bytes of streams, counted when each stream ends, tagged {@code type} and {@code direction}. */
	public static final String STREAM_BYTES = "p2p.stream.bytes";

	/** Timer of heartbeat round trips (PING to PONG). */
	public static final String HEARTBEAT_RTT = "p2p.heartbeat.rtt";

	/** Counter of sessions closed because the peer stayed silent for the heartbeat timeout. */
	public static final String HEARTBEAT_TIMEOUTS = "p2p.heartbeat.timeouts";

	/** Counter of discovery datagrams dropped, tagged {@code reason}. */
	public static final String DISCOVERY_DROPPED = "p2p.discovery.datagrams.dropped";

	/** Counter of peers discovered and lost, tagged {@code source} and {@code event}. */
	public static final String DISCOVERY_PEERS = "p2p.discovery.peers";

	private final MeterRegistry registry;

	private final PacketTypeRegistry packetTypes;

	private final boolean peerTag;

	/** Traffic of every peer, or (with the peer tag) of connections not yet identified. */
	private final TrafficMeters shared;

	/** Meters of each established session (with the peer tag). */
	private final Map<PeerSession, TrafficMeters> bySession = new ConcurrentHashMap<>();

	/** Meters of each peer's node id, shared by its sessions; guarded by itself. */
	private final Map<String, TrafficMeters> byNodeId = new HashMap<>();

	private final Counter handshakesSucceeded;

	private final Counter[] handshakesFailed;

	private final Counter[] rejected;

	private final Counter[] limitsExceeded;

	private final Timer[] listenerSucceeded;

	private final Timer[] listenerFailed;

	/** Request timers by packet type ordinal, then outcome ordinal. */
	private final Timer[][] requests;

	/** Stream timers by direction (0 sent, 1 received), packet type ordinal, then outcome ordinal. */
	private final Timer[][][] streams;

	/** Stream byte counters by direction, then packet type ordinal. */
	private final Counter[][] streamBytes;

	private final Timer heartbeatRoundTrips;

	private final Counter heartbeatTimeouts;

	private final Counter[] discoveryDropped;

	/**
	 * Register the meters.
	 * @param registry where to record
	 * @param packetTypes the packet types (one series per type)
	 * @param peerTag whether packet and byte counters carry a {@code peer} tag
	 */
	public MicrometerPeerMetrics(MeterRegistry registry, PacketTypeRegistry packetTypes, boolean peerTag) {
		this.registry = registry;
		this.packetTypes = packetTypes;
		this.peerTag = peerTag;
		this.shared = new TrafficMeters(registry, packetTypes.types(), peerTag ? Tags.of("peer", "") : Tags.empty());
		int count = packetTypes.types().size();
		this.listenerSucceeded = new Timer[count];
		this.listenerFailed = new Timer[count];
		for (Enum<?> type : packetTypes.types()) {
			this.listenerSucceeded[type.ordinal()] = listenerTimer(type, "success");
			this.listenerFailed[type.ordinal()] = listenerTimer(type, "error");
		}
		this.requests = new Timer[count][RequestOutcome.values().length];
		for (Enum<?> type : packetTypes.types()) {
			for (RequestOutcome outcome : RequestOutcome.values()) {
				this.requests[type.ordinal()][outcome.ordinal()] = Timer.builder(REQUESTS)
					.description("Requests sent to peers, from sending to the reply (or failure)")
					.tags("type", type.name(), "outcome", outcome.tag())
					.register(registry);
			}
		}
		this.streams = new Timer[2][count][StreamOutcome.values().length];
		this.streamBytes = new Counter[2][count];
		for (int direction = 0; direction < 2; direction++) {
			String tag = (direction == 0) ? "sent" : "received";
			for (Enum<?> type : packetTypes.types()) {
				for (StreamOutcome outcome : StreamOutcome.values()) {
					this.streams[direction][type.ordinal()][outcome.ordinal()] = Timer.builder(STREAMS)
						.description("Streams, from opening to the end")
						.tags("type", type.name(), "direction", tag, "outcome", outcome.tag())
						.register(registry);
				}
				this.streamBytes[direction][type.ordinal()] = Counter.builder(STREAM_BYTES)
					.description("Data bytes of streams, counted when each stream ends")
					.baseUnit("bytes")
					.tags("type", type.name(), "direction", tag)
					.register(registry);
			}
		}
		this.handshakesSucceeded = handshakes("success");
		HandshakeFailure[] failures = HandshakeFailure.values();
		this.handshakesFailed = new Counter[failures.length];
		for (HandshakeFailure failure : failures) {
			this.handshakesFailed[failure.ordinal()] = handshakes(failure.tag());
		}
		RejectionReason[] reasons = RejectionReason.values();
		this.rejected = new Counter[reasons.length];
		for (RejectionReason reason : reasons) {
			this.rejected[reason.ordinal()] = Counter.builder(PACKETS_REJECTED)
				.description("Received frames that were not delivered to a listener")
				.tag("reason", reason.tag())
				.register(registry);
		}
		Limit[] limits = Limit.values();
		this.limitsExceeded = new Counter[limits.length];
		for (Limit limit : limits) {
			this.limitsExceeded[limit.ordinal()] = Counter.builder(LIMITS_EXCEEDED)
				.description("Connections, sessions or frames refused because a peer broke a limit")
				.tag("limit", limit.tag())
				.register(registry);
		}
		this.heartbeatRoundTrips = Timer.builder(HEARTBEAT_RTT)
			.description("Round-trip time of heartbeat PINGs")
			.register(registry);
		this.heartbeatTimeouts = Counter.builder(HEARTBEAT_TIMEOUTS)
			.description("Sessions closed because the peer sent nothing for the heartbeat timeout")
			.register(registry);
		DatagramDropReason[] drops = DatagramDropReason.values();
		this.discoveryDropped = new Counter[drops.length];
		for (DatagramDropReason reason : drops) {
			this.discoveryDropped[reason.ordinal()] = Counter.builder(DISCOVERY_DROPPED)
				.description("Discovery datagrams dropped without effect")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	private Timer listenerTimer(Enum<?> type, String outcome) {
		return Timer.builder(LISTENER_DURATION)
			.description("Time @PacketListener methods take, payload decoding and reply included")
			.tags("type", type.name(), "outcome", outcome)
			.register(this.registry);
	}

	private Counter handshakes(String outcome) {
		return Counter.builder(HANDSHAKES)
			.description("Handshakes by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	@Override
	public void packetsSent(PeerSession session, int typeCode, int count) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		if (type != null) {
			meters(session).sent[type.ordinal()].increment(count);
		}
	}

	@Override
	public void packetsReceived(PeerSession session, int typeCode, int count) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		if (type != null) {
			meters(session).received[type.ordinal()].increment(count);
		}
	}

	@Override
	public void bytesSent(PeerSession session, long bytes) {
		meters(session).bytesSent.increment(bytes);
	}

	@Override
	public void bytesReceived(PeerSession session, long bytes) {
		meters(session).bytesReceived.increment(bytes);
	}

	@Override
	public void handshakeSucceeded() {
		this.handshakesSucceeded.increment();
	}

	@Override
	public void handshakeFailed(HandshakeFailure failure) {
		this.handshakesFailed[failure.ordinal()].increment();
	}

	@Override
	public void limitExceeded(Limit limit) {
		this.limitsExceeded[limit.ordinal()].increment();
	}

	@Override
	public void packetRejected(RejectionReason reason) {
		this.rejected[reason.ordinal()].increment();
	}

	@Override
	public void listenerInvoked(Enum<?> type, boolean failed, long nanos) {
		(failed ? this.listenerFailed : this.listenerSucceeded)[type.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void requestCompleted(Enum<?> type, RequestOutcome outcome, long nanos) {
		if (this.packetTypes.getEnumType().isInstance(type)) {
			this.requests[type.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
		}
		else {
			// a built-in command: rare, looked up in the registry each time
			Timer.builder(REQUESTS)
				.description("Requests sent to peers, from sending to the reply (or failure)")
				.tags("type", type.name(), "outcome", outcome.tag())
				.register(this.registry)
				.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void heartbeatRoundTrip(PeerSession session, long nanos) {
		this.heartbeatRoundTrips.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void heartbeatTimedOut() {
		this.heartbeatTimeouts.increment();
	}

	@Override
	public void discoveryDatagramDropped(DatagramDropReason reason) {
		this.discoveryDropped[reason.ordinal()].increment();
	}

	@Override
	public void discoveryPeerChanged(DiscoverySource source, boolean lost) {
		Counter.builder(DISCOVERY_PEERS)
			.description("Peers found and forgotten by discovery")
			.tags("source", source.tag(), "event", lost ? "lost" : "discovered")
			.register(this.registry)
			.increment();
	}

	@Override
	public void streamEnded(Enum<?> type, boolean sent, StreamOutcome outcome, long bytes, long nanos) {
		int direction = sent ? 0 : 1;
		this.streams[direction][type.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
		this.streamBytes[direction][type.ordinal()].increment(bytes);
	}


	/**
	 * Drops the series of a peer whose last connection closed (only with the peer tag).
	 */
	@Override
	public void sessionClosed(PeerSession session) {
		if (!this.peerTag) {
			return;
		}
		synchronized (this.byNodeId) {
			TrafficMeters left = this.bySession.remove(session);
			if (left != null && --left.sessions == 0) {
				this.byNodeId.remove(session.getNodeId());
				left.removeFrom(this.registry);
			}
		}
	}

	private TrafficMeters meters(PeerSession session) {
		if (!this.peerTag) {
			return this.shared;
		}
		TrafficMeters meters = this.bySession.get(session);
		if (meters != null) {
			return meters;
		}
		if (session.getState() == SessionState.HANDSHAKING) {
			return this.shared;
		}
		synchronized (this.byNodeId) {
			// a session is CLOSED before sessionClosed: no series is taken after it was given back
			if (session.getState() == SessionState.CLOSED) {
				return this.shared;
			}
			meters = this.bySession.get(session);
			if (meters == null) {
				meters = this.byNodeId.computeIfAbsent(session.getNodeId(),
						(nodeId) -> new TrafficMeters(this.registry, this.packetTypes.types(), Tags.of("peer", nodeId)));
				meters.sessions++;
				this.bySession.put(session, meters);
			}
			return meters;
		}
	}

	/** The packet and byte counters of one series of tags. */
	private static final class TrafficMeters {

		final Counter[] sent;

		final Counter[] received;

		final Counter bytesSent;

		final Counter bytesReceived;

		/** Sessions using these meters (with the peer tag); guarded by {@code byNodeId}. */
		int sessions;

		TrafficMeters(MeterRegistry registry, List<Enum<?>> types, Tags tags) {
			this.sent = new Counter[types.size()];
			this.received = new Counter[types.size()];
			for (Enum<?> type : types) {
				Tags typed = tags.and("type", type.name());
				this.sent[type.ordinal()] = counter(registry, PACKETS_SENT, "Packets written to peers", "packets", typed);
				this.received[type.ordinal()] = counter(registry, PACKETS_RECEIVED, "Packets received from peers",
						"packets", typed);
			}
			this.bytesSent = counter(registry, BYTES_SENT, "Bytes written to peers", "bytes", tags);
			this.bytesReceived = counter(registry, BYTES_RECEIVED, "Bytes read from peers", "bytes", tags);
		}

		private static Counter counter(MeterRegistry registry, String name, String description, String unit,
				Tags tags) {
			return Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
		}

		void removeFrom(MeterRegistry registry) {
			for (int i = 0; i < this.sent.length; i++) {
				registry.remove(this.sent[i]);
				registry.remove(this.received[i]);
			}
			registry.remove(this.bytesSent);
			registry.remove(this.bytesReceived);
		}

	}

}
