package dev.p2p.metrics.micrometer;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.metrics.RequestOutcome;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
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
 * <p>
 * The meters live in one class per area ({@code PeerTrafficMeters}, {@code ConnectionMeters},
 * {@code ExchangeMeters}, {@code DiscoveryMeters}); this class routes each count to its area.
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

	/** Counter of packets of acknowledged delivery sent again after a reconnection. */
	public static final String PACKETS_RESENT = "p2p.delivery.resent";

	/** Counter of received packets dropped as duplicates (exactly-once). */
	public static final String DUPLICATES_DROPPED = "p2p.delivery.duplicates";

	/** Counter of sessions with acknowledged delivery, tagged {@code outcome}: resumed, fresh, refused, expired. */
	public static final String RESUMES = "p2p.delivery.resumes";

	private final PacketTypeRegistry packetTypes;

	private final DeliveryMeters delivery;

	private final PeerTrafficMeters traffic;

	private final ConnectionMeters connections;

	private final ExchangeMeters exchanges;

	private final DiscoveryMeters discovery;

	/** One listener invocation in this many is timed; 0: none. */
	private final int listenerTimingInterval;

	/**
	 * Invocations since the last one timed: a plain field the listener threads share, as a lost
	 * update only shifts which invocation is timed next.
	 */
	private int untimedListenerInvocations;

	/**
	 * Register the meters.
	 * @param registry where to record
	 * @param packetTypes the packet types (one series per type)
	 * @param peerTag whether packet and byte counters carry a {@code peer} tag
	 */
	public MicrometerPeerMetrics(MeterRegistry registry, PacketTypeRegistry packetTypes, boolean peerTag) {
		this(registry, packetTypes, peerTag, 1);
	}

	/**
	 * Register the meters, timing one listener invocation in {@code listenerTimingInterval}.
	 * @param registry where to record
	 * @param packetTypes the packet types (one series per type)
	 * @param peerTag whether packet and byte counters carry a {@code peer} tag
	 * @param listenerTimingInterval time one listener invocation in this many ({@code 1}: every
	 * one, {@code 0}: none) for {@code p2p.listener.duration}
	 */
	public MicrometerPeerMetrics(MeterRegistry registry, PacketTypeRegistry packetTypes, boolean peerTag,
			int listenerTimingInterval) {
		if (listenerTimingInterval < 0) {
			throw new IllegalArgumentException("listenerTimingInterval must be 0 or more, was " + listenerTimingInterval);
		}
		this.listenerTimingInterval = listenerTimingInterval;
		this.packetTypes = packetTypes;
		this.traffic = new PeerTrafficMeters(registry, packetTypes, peerTag);
		this.connections = new ConnectionMeters(registry);
		this.exchanges = new ExchangeMeters(registry, packetTypes);
		this.discovery = new DiscoveryMeters(registry);
		this.delivery = new DeliveryMeters(registry);
	}

	@Override
	public void packetsResent(int count) {
		this.delivery.resent.increment(count);
	}

	@Override
	public void duplicateDropped() {
		this.delivery.duplicates.increment();
	}

	@Override
	public void sessionResumed(String outcome) {
		this.delivery.resumed(outcome);
	}

	@Override
	public void packetsSent(PeerSession session, int typeCode, int count) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		if (type != null) {
			this.traffic.of(session).sent[type.ordinal()].increment(count);
		}
	}

	@Override
	public void packetsReceived(PeerSession session, int typeCode, int count) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		if (type != null) {
			this.traffic.of(session).received[type.ordinal()].increment(count);
		}
	}

	@Override
	public void bytesSent(PeerSession session, long bytes) {
		this.traffic.of(session).bytesSent.increment(bytes);
	}

	@Override
	public void bytesReceived(PeerSession session, long bytes) {
		this.traffic.of(session).bytesReceived.increment(bytes);
	}

	/**
	 * Drops the series of a peer whose last connection closed (only with the peer tag).
	 */
	@Override
	public void sessionClosed(PeerSession session) {
		this.traffic.sessionClosed(session);
	}

	@Override
	public void handshakeSucceeded() {
		this.connections.handshakesSucceeded.increment();
	}

	@Override
	public void handshakeFailed(HandshakeFailure failure) {
		this.connections.handshakesFailed[failure.ordinal()].increment();
	}

	@Override
	public void limitExceeded(Limit limit) {
		this.connections.limitsExceeded[limit.ordinal()].increment();
	}

	@Override
	public void packetRejected(RejectionReason reason) {
		this.connections.rejected[reason.ordinal()].increment();
	}

	@Override
	public void heartbeatRoundTrip(PeerSession session, long nanos) {
		this.connections.heartbeatRoundTrips.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void heartbeatTimedOut() {
		this.connections.heartbeatTimeouts.increment();
	}

	@Override
	public boolean timesListenerInvocation() {
		int interval = this.listenerTimingInterval;
		if (interval <= 1) {
			return interval == 1;
		}
		int untimed = this.untimedListenerInvocations + 1;
		if (untimed < interval) {
			this.untimedListenerInvocations = untimed;
			return false;
		}
		this.untimedListenerInvocations = 0;
		return true;
	}

	@Override
	public void listenerInvoked(Enum<?> type, boolean failed, long nanos) {
		this.exchanges.listenerInvoked(type, failed, nanos);
	}

	@Override
	public void requestCompleted(Enum<?> type, RequestOutcome outcome, long nanos) {
		this.exchanges.requestCompleted(type, outcome, nanos);
	}

	@Override
	public void streamEnded(Enum<?> type, boolean sent, StreamOutcome outcome, long bytes, long nanos) {
		this.exchanges.streamEnded(type, sent, outcome, bytes, nanos);
	}

	@Override
	public void discoveryDatagramDropped(DatagramDropReason reason) {
		this.discovery.datagramDropped(reason);
	}

	@Override
	public void discoveryPeerChanged(DiscoverySource source, boolean lost) {
		this.discovery.peerChanged(source, lost);
	}

}
