package dev.p2p.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntPredicate;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeSession;
import dev.p2p.membership.MembershipSession;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionPath;
import dev.p2p.peer.SessionState;
import dev.p2p.request.PendingRequests;
import dev.p2p.stream.SessionStreams;
import dev.p2p.stream.StreamHost;
import dev.p2p.stream.StreamSession;
import dev.p2p.stream.StreamSettings;
import dev.p2p.transport.Connection;
import dev.p2p.transport.RelayedConnection;
import dev.p2p.wire.Frame;

/**
 * One connected peer: its identity, its connection, an outbound queue drained by a writer task
 * (frames queued while a write is in progress leave together in the next write; a lone frame on
 * an idle connection is written by the sender directly) and an inbound queue drained in order
 * by the listener executor.
 */
public final class DefaultPeerSession extends SessionRecord implements MembershipSession, StreamSession {

	private final Connection connection;

	private final Direction direction;

	private final InetSocketAddress remoteAddress;

	/** Frames on their way to the peer. */
	final SessionOutbox outbox;

	/** Received application frames on their way to the listeners. */
	final SessionInbox inbox;

	private volatile SessionState state = SessionState.HANDSHAKING;

	private volatile String nodeId;

	private volatile @Nullable PeerIdentity identity;

	private volatile @Nullable Instant connectedAt;

	/** Last round-trip time measured by the heartbeat, -1 before the first PONG. */
	private volatile long roundTripNanos = -1;

	/** Whether both sides announced acknowledged delivery in the handshake. */
	private volatile boolean deliveryAgreed;

	/** Whether a hole punch may replace this session: being displaced then switches paths. */
	volatile boolean upgrading;

	/** The session this one replaced on a path switch, until that one's last frames were handled. */
	volatile @Nullable DefaultPeerSession predecessor;

	/** Set when a newer connection with the same peer displaced this session and took its traffic. */
	volatile boolean handedOver;

	/** Completes when the peer's PATH_SWITCH arrived on this (old) path: it sends nothing more here. */
	final CompletableFuture<Void> switchedIn = new CompletableFuture<>();

	/** Envelope frames waiting for their application frame, and the peer's requests being served. */
	final InboundEnvelopes envelopes = new InboundEnvelopes();

	/** Requests sent to this peer that wait for their reply. */
	final PendingRequests requests = new PendingRequests();

	/** Streams to and from this peer. */
	final SessionStreams streams;

	/** The node as this session's streams see it. */
	final StreamHost streamHost;

	private final SessionTraffic traffic;

	DefaultPeerSession(Connection connection, Direction direction, QueueLimits sendLimits, long sendTimeoutNanos,
			QueueLimits receiveLimits, Executor writerExecutor, Executor listenerExecutor,
			BiConsumer<DefaultPeerSession, List<Frame>> deliver, IntPredicate handledInline, PeerMetrics metrics,
			StreamSettings streamSettings, Function<DefaultPeerSession, StreamHost> streamHosts) {
		this.connection = connection;
		this.streams = new SessionStreams(streamSettings);
		this.streamHost = streamHosts.apply(this);
		this.traffic = new SessionTraffic(this, metrics);
		this.direction = direction;
		this.remoteAddress = connection.remoteAddress();
		this.nodeId = PeerAddress.of(this.remoteAddress).toString();
		this.outbox = new SessionOutbox(this, connection, this.traffic, sendLimits, sendTimeoutNanos,
				writerExecutor);
		this.inbox = new SessionInbox(this, receiveLimits, listenerExecutor, deliver, handledInline, this.traffic);
	}

	@Override
	public String getNodeId() {
		return this.nodeId;
	}

	@Override
	public @Nullable PeerIdentity getIdentity() {
		return this.identity;
	}

	@Override
	public @Nullable PeerAddress getListenAddress() {
		PeerIdentity id = this.identity;
		if (id == null || id.listenPort() == 0) {
			return null;
		}
		boolean advertised = id.listenHost() != null && !id.listenHost().isEmpty()
				&& !"0.0.0.0".equals(id.listenHost()) && !"::".equals(id.listenHost());
		if (!advertised && this.connection instanceof RelayedConnection) {
			// the connection's remote host is the relay's, not the peer's
			return null;
		}
		String host = advertised ? id.listenHost() : this.remoteAddress.getHostString();
		return new PeerAddress(host, id.listenPort());
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		return this.remoteAddress;
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		return this.connection.localAddress();
	}

	@Override
	public Direction getDirection() {
		return this.direction;
	}

	@Override
	public SessionState getState() {
		return this.state;
	}

	@Override
	public boolean isActive() {
		return this.state == SessionState.ACTIVE;
	}

	@Override
	public @Nullable Instant getConnectedAt() {
		return this.connectedAt;
	}

	@Override
	public long getPacketsIn() {
		return this.traffic.packetsIn();
	}

	@Override
	public long getBytesIn() {
		return this.traffic.bytesIn();
	}

	@Override
	public long getPacketsOut() {
		return this.traffic.packetsOut();
	}

	@Override
	public long getBytesOut() {
		return this.traffic.bytesOut();
	}

	@Override
	public Instant getLastSeen() {
		return Instant.ofEpochMilli(this.traffic.lastSeenMillis());
	}

	@Override
	public @Nullable Duration getRoundTripTime() {
		long nanos = this.roundTripNanos;
		return (nanos >= 0) ? Duration.ofNanos(nanos) : null;
	}

	@Override
	public long getQueuedBytes() {
		return this.outbox.weight();
	}

	/**
	 * Requests sent to this peer that wait for their reply.
	 * @return the in-flight requests
	 */
	@Override
	public PendingRequests getPendingRequests() {
		return this.requests;
	}

	@Override
	public int getPendingRequestCount() {
		return this.requests.size();
	}

	@Override
	public Map<Integer, Long> getUnacknowledgedStreamBytes() {
		return this.streams.unacknowledgedBytes();
	}

	@Override
	public String toString() {
		return "DefaultPeerSession[" + this.nodeId + ", " + this.direction + ", " + this.remoteAddress + ", " + this.state + "]";
	}

	// ---- node internals

	@Override
	public @Nullable String getTlsProtocol() {
		SSLSession tls = this.connection.sslSession();
		return (tls != null) ? tls.getProtocol() : null;
	}

	@Override
	public SessionPath path() {
		return (this.connection instanceof RelayedConnection) ? SessionPath.RELAYED : SessionPath.DIRECT;
	}

	@Override
	public @Nullable String relay() {
		return (this.connection instanceof RelayedConnection relayed) ? relayed.relayNodeId() : null;
	}

	Connection connection() {
		return this.connection;
	}

	@Override
	public void identify(PeerIdentity peer) {
		this.identity = peer;
		this.nodeId = peer.nodeId();
	}

	// ---- the handshake's view (HandshakeSession)

	@Override
	public void sendHandshake(Frame frame) {
		this.outbox.enqueue(List.of(), frame, null);
	}

	@Override
	public @Nullable SSLSession sslSession() {
		return this.connection.sslSession();
	}

	@Override
	public void closeConnection() {
		this.connection.close();
	}

	@Override
	public void deliveryAgreed(boolean agreed) {
		this.deliveryAgreed = agreed;
	}

	@Override
	public boolean isDeliveryAgreed() {
		return this.deliveryAgreed;
	}

	void activate() {
		this.connectedAt = Instant.now();
		this.state = SessionState.ACTIVE;
	}

	@Override
	public boolean hasUndeliveredFrames() {
		return this.inbox.hasUndelivered();
	}

	@Override
	public void roundTripMeasured(long nanos) {
		this.roundTripNanos = nanos;
	}

	@Override
	public void requestServed(int requestId) {
		this.envelopes.serving.remove(requestId);
	}

	@Override
	public boolean offerNow(List<Frame> frames) {
		return this.outbox.offerNow(frames);
	}

	void setState(SessionState state) {
		this.state = state;
	}

	/**
	 * Count a rejected packet.
	 * @param reason why it was rejected
	 * @return {@code true} if it is the first of this kind from this session
	 */
	boolean firstRejection(RejectionReason reason) {
		return this.traffic.firstRejection(reason);
	}

	void countRead(long bytes) {
		this.traffic.read(bytes);
	}

}
