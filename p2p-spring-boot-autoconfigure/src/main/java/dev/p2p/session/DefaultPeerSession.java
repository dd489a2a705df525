package dev.p2p.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.RejectionReason;
import dev.p2p.handshake.HandshakeSession;
import dev.p2p.handshake.KeyExchange;
import dev.p2p.membership.MembershipSession;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionPath;
import dev.p2p.peer.SessionState;
import dev.p2p.request.PendingRequests;
import dev.p2p.stream.SessionStreams;
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
public final class DefaultPeerSession implements MembershipSession, StreamSession, HandshakeSession {

	/** How long a reader waits for room in the inbound queue before it looks again (closed?). */
	private static final long RECEIVE_WAIT_SLICE_NANOS = 100_000_000;

	private final Connection connection;

	private final Direction direction;

	private final InetSocketAddress remoteAddress;

	private final SessionOutbox outbound;

	private final SerialQueue<Frame> inbound;


	/** Whether frames of a type may be handled on the reader thread (see PacketHandler). */
	private final IntPredicate handledInline;

	private volatile SessionState state = SessionState.HANDSHAKING;

	private volatile String nodeId;

	private volatile @Nullable PeerIdentity identity;

	private volatile @Nullable Instant connectedAt;






	/** Last round-trip time measured by the heartbeat, -1 before the first PONG. */
	private volatile long roundTripNanos = -1;

	// bookkeeping of the node, guarded by the node's handling of this connection's events
	volatile @Nullable ScheduledFuture<?> handshakeTimer;

	volatile @Nullable DialRequest dialRequest;

	volatile @Nullable DisconnectReason closeReason;

	volatile @Nullable HandshakeFailure handshakeFailure;

	volatile String closeDetail = "";

	/** The network-key exchange in progress, when the node has a key (handshake only). */
	volatile @Nullable KeyExchange keyExchange;

	/** Whether the connection gate counted this inbound connection (released when it closes). */
	volatile boolean admitted;

	/** Whether this inbound connection counts against the gate's handshaking limits. */
	final AtomicBoolean holdsHandshakeSlot = new AtomicBoolean();

	/** Refused by the connection gate on accept: its DENY is written at once, then it closes. */
	volatile boolean refusedOnAccept;

	/** When the gate admitted this inbound connection into a handshaking slot. */
	volatile long handshakeAdmittedNanos;

	/** Whether the connection carried a dial-back probe instead of a HELLO (not a failure). */
	volatile boolean dialBackProbe;

	/** Whether a hole punch may replace this session: being displaced then switches paths. */
	volatile boolean upgrading;

	/** The session this one replaced on a path switch, until that one's last frames were handled. */
	volatile @Nullable DefaultPeerSession predecessor;

	/** Set when a newer connection with the same peer displaced this session and took its traffic. */
	volatile boolean handedOver;

	/** Completes when the peer's PATH_SWITCH arrived on this (old) path: it sends nothing more here. */
	final CompletableFuture<Void> switchedIn = new CompletableFuture<>();

	/** Ids of this peer's requests that this node is serving (not answered yet). */
	final Set<Integer> servingRequests = ConcurrentHashMap.newKeySet();

	// envelope frames waiting for the application frame they belong to (reader thread only); at most one of each

	@Nullable Frame pendingTrace;

	@Nullable Frame pendingRequest;

	@Nullable Frame pendingReply;

	/** Requests sent to this peer that wait for their reply. */
	final PendingRequests requests = new PendingRequests();

	/** Streams to and from this peer. */
	final SessionStreams streams;

	private final SessionTraffic traffic;

	DefaultPeerSession(Connection connection, Direction direction, QueueLimits sendLimits, long sendTimeoutNanos,
			QueueLimits receiveLimits, Executor writerExecutor, Executor listenerExecutor,
			BiConsumer<DefaultPeerSession, List<Frame>> deliver, IntPredicate handledInline, PeerMetrics metrics,
			StreamSettings streamSettings) {
		this.connection = connection;
		this.streams = new SessionStreams(streamSettings);
		this.handledInline = handledInline;
		this.traffic = new SessionTraffic(this, metrics);
		this.direction = direction;
		this.remoteAddress = connection.remoteAddress();
		this.nodeId = PeerAddress.of(this.remoteAddress).toString();
		this.outbound = new SessionOutbox(this, connection, this.traffic, sendLimits, sendTimeoutNanos,
				writerExecutor);
		this.inbound = new SerialQueue<>(receiveLimits.bytes(), receiveLimits.packets(),
				(frame) -> frame.wireSize() + QueueLimits.INBOUND_ITEM_OVERHEAD, listenerExecutor,
				(frames) -> deliver.accept(this, frames), 0, Long.MAX_VALUE);
	}

	/**
	 * The peer's node id: from its HELLO or ACCEPT, or its remote {@code host:port} in handshake
	 * mode {@code none} (and until the handshake completes).
	 * @return node id
	 */
	public String getNodeId() {
		return this.nodeId;
	}

	/**
	 * What the peer said about itself in the handshake.
	 * @return identity, or {@code null} in handshake mode {@code none} or before the handshake
	 */
	public @Nullable PeerIdentity getIdentity() {
		return this.identity;
	}

	/**
	 * Address the peer accepts connections on, as it advertised it (host from the connection
	 * when it advertised none).
	 * @return the listen address, or {@code null} if the peer does not listen or did not say
	 */
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

	/**
	 * The connection's remote address.
	 * @return remote address
	 */
	public InetSocketAddress getRemoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * The connection's local address.
	 * @return local address
	 */
	public InetSocketAddress getLocalAddress() {
		return this.connection.localAddress();
	}

	/**
	 * Who dialled.
	 * @return inbound or outbound
	 */
	public Direction getDirection() {
		return this.direction;
	}

	/**
	 * Current state.
	 * @return the state
	 */
	public SessionState getState() {
		return this.state;
	}

	/**
	 * Whether packets can be sent.
	 * @return {@code true} while active
	 */
	public boolean isActive() {
		return this.state == SessionState.ACTIVE;
	}

	/**
	 * When the session became active.
	 * @return the time, or {@code null} before that
	 */
	public @Nullable Instant getConnectedAt() {
		return this.connectedAt;
	}

	/**
	 * Application packets received.
	 * @return count
	 */
	public long getPacketsIn() {
		return this.traffic.packetsIn();
	}

	/**
	 * Bytes received, headers included.
	 * @return count
	 */
	public long getBytesIn() {
		return this.traffic.bytesIn();
	}

	/**
	 * Application packets written (control frames are not counted).
	 * @return count
	 */
	public long getPacketsOut() {
		return this.traffic.packetsOut();
	}

	/**
	 * Bytes written, headers included.
	 * @return count
	 */
	public long getBytesOut() {
		return this.traffic.bytesOut();
	}

	/**
	 * When something last arrived from the peer.
	 * @return the time
	 */
	public Instant getLastSeen() {
		return Instant.ofEpochMilli(this.traffic.lastSeenMillis());
	}

	/**
	 * Round-trip time of the last heartbeat (PING to PONG).
	 * @return the time, or {@code null} before the first PONG (or without heartbeat)
	 */
	public @Nullable Duration getRoundTripTime() {
		long nanos = this.roundTripNanos;
		return (nanos >= 0) ? Duration.ofNanos(nanos) : null;
	}

	/**
	 * Bytes waiting in the outbound queue, per-packet overhead included.
	 * @return queued bytes
	 */
	public long getQueuedBytes() {
		return this.outbound.weight();
	}

	/** Nanoseconds senders have waited for room or for their own write, 0 when none waits. */
	long sendersWaitingNanos(long now) {
		return this.outbound.sendersWaitingNanos(now);
	}

	/** The write watchdog cuts this connection: blocked frames fail as a full send queue. */
	void writeStalled() {
		this.outbound.stalled();
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

	/**
	 * Bytes sent on each open outbound stream that the peer has not credited back yet: never
	 * more than the peer's receive window ({@code p2p.stream.window}) per stream.
	 * @return unacknowledged bytes by stream id, empty when no stream is being sent
	 */
	public Map<Integer, Long> getUnacknowledgedStreamBytes() {
		return this.streams.unacknowledgedBytes();
	}

	@Override
	public String toString() {
		return "DefaultPeerSession[" + this.nodeId + ", " + this.direction + ", " + this.remoteAddress + ", " + this.state + "]";
	}

	// ---- node internals

	/**
	 * The TLS protocol version of the connection, such as {@code TLSv1.3}.
	 * @return the negotiated protocol, or {@code null} for plain TCP
	 */
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

	SessionOutbox outbox() {
		return this.outbound;
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
		enqueue(List.of(), frame, null);
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
	public void handshakeTimer(ScheduledFuture<?> timer) {
		this.handshakeTimer = timer;
	}

	@Override
	public void cancelHandshakeTimer() {
		ScheduledFuture<?> timer = this.handshakeTimer;
		if (timer != null) {
			timer.cancel(false);
		}
	}

	@Override
	public @Nullable KeyExchange keyExchange() {
		return this.keyExchange;
	}

	@Override
	public void keyExchange(KeyExchange exchange) {
		this.keyExchange = exchange;
	}

	@Override
	public @Nullable HandshakeFailure handshakeFailure() {
		return this.handshakeFailure;
	}

	@Override
	public void handshakeFailed(@Nullable HandshakeFailure failure, String detail) {
		this.handshakeFailure = failure;
		this.closeDetail = detail;
	}

	@Override
	public @Nullable DisconnectReason closeReason() {
		return this.closeReason;
	}

	@Override
	public void closing(DisconnectReason reason, @Nullable String detail) {
		this.closeReason = reason;
		if (detail != null) {
			this.closeDetail = detail;
		}
	}

	@Override
	public String closeDetail() {
		return this.closeDetail;
	}

	@Override
	public void closeDetail(String detail) {
		this.closeDetail = detail;
	}

	void activate() {
		this.connectedAt = Instant.now();
		this.state = SessionState.ACTIVE;
	}

	/**
	 * Whether received frames wait for the listeners: then this node, not the peer, is slow,
	 * and reading from the peer may be paused (back-pressure), so its silence proves nothing.
	 * @return {@code true} while the inbound queue holds frames
	 */
	@Override
	public boolean hasUndeliveredFrames() {
		return this.inbound.weight() > 0;
	}

	@Override
	public void roundTripMeasured(long nanos) {
		this.roundTripNanos = nanos;
	}

	@Override
	public void requestServed(int requestId) {
		this.servingRequests.remove(requestId);
	}

	/**
	 * Queue control frames without waiting for room and without writing them on the calling
	 * thread (PING, PONG, answers to built-in commands, stream cancels: on reader and timer
	 * threads, which must not block on a peer that stopped reading).
	 * @param frames the frames, kept together
	 * @return {@code false} if there was no room or the session is closing
	 */
	@Override
	public boolean offerNow(List<Frame> frames) {
		return this.outbound.offerNow(frames);
	}

	void setState(SessionState state) {
		this.state = state;
	}

	/**
	 * Queue a frame, and the envelope frames (TRACE, REQUEST, REPLY) that precede it, waiting
	 * up to the send timeout for room. All are queued at once, so no other frame comes between
	 * them.
	 * @param envelope the frames to precede it, often none
	 * @param frame the frame
	 * @param written completed when written, may be {@code null}
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written) {
		this.outbound.enqueue(envelope, frame, written);
	}

	/**
	 * Queue a frame and its envelope frames, waiting up to a timeout of the caller's for room.
	 * @param envelope the frames to precede it, often none
	 * @param frame the frame
	 * @param written completed when written, may be {@code null}
	 * @param timeoutNanos how long to wait for room
	 */
	void enqueue(List<Frame> envelope, Frame frame, @Nullable CompletableFuture<Void> written, long timeoutNanos) {
		this.outbound.enqueue(envelope, frame, written, timeoutNanos);
	}

	/**
	 * Queue the session's last frame (DENY or BYE): no waiting for room, never written on the
	 * calling thread, and every later send is refused as the session is closing.
	 * @param frame the frame
	 * @param written completed when written (or failed)
	 * @return {@code false} if a last frame was queued already or the session is closed
	 */
	boolean enqueueLast(Frame frame, CompletableFuture<Void> written) {
		return this.outbound.enqueueLast(frame, written);
	}

	/**
	 * Hand received application frames to the listener executor, or handle them on this (the
	 * reader's) thread when they are all of inline types and nothing else is queued; blocks the
	 * reader while the inbound queue is full, which stops reading from this peer (TCP
	 * back-pressure).
	 * @param frames the frames, in arrival order
	 */
	void received(List<Frame> frames) {
		if (frames.isEmpty()) {
			return;
		}
		DefaultPeerSession before = this.predecessor;
		if (before != null) {
			// a path switch: nothing from the new path is handled before the old path's last frame
			// was (TCP back-pressure holds the peer meanwhile)
			PathSwitch.awaitPredecessor(this, before);
			this.predecessor = null;
		}
		this.traffic.received(frames);
		boolean inline = true;
		for (int i = 0, n = frames.size(); inline && i < n; i++) {
			inline = this.handledInline.test(frames.get(i).type());
		}
		try {
			// wait in slices: offerAll throws once the queue is closed, so the wait never outlives the session
			while (!this.inbound.offerAll(frames, RECEIVE_WAIT_SLICE_NANOS, inline)) {
				// wait for room
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IllegalStateException ex) {
			// closed while waiting
		}
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

	boolean awaitSent(long timeoutNanos) throws InterruptedException {
		return this.outbound.awaitSent(timeoutNanos);
	}

	/**
	 * Refuse further received frames, drop those still waiting for the listeners, wake a reader
	 * waiting for room and interrupt the listener handling this session's frames now.
	 * @return number of received frames dropped
	 */
	int discardReceived() {
		return this.inbound.closeAndInterrupt().size();
	}

	/**
	 * After the peer's goodbye: refuse further received frames and wake a reader waiting for
	 * room, but let the listeners handle what was received before the goodbye.
	 */
	void finishReceiving() {
		this.inbound.seal();
	}

	/**
	 * Whether every received frame was handled.
	 * @return {@code true} if nothing waits for or is being handled by a listener
	 */
	boolean receivedAllHandled(long timeoutNanos) throws InterruptedException {
		return this.inbound.awaitIdle(timeoutNanos);
	}

	boolean receivedAllHandled() {
		try {
			return this.inbound.awaitIdle(0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether received frames are no longer delivered (the session ended).
	 * @return {@code true} once the inbound queue is closed
	 */
	boolean receivingClosed() {
		return this.inbound.isClosed();
	}

	/**
	 * Refuse further sends; fail the futures of frames that were never written.
	 * @return number of frames dropped
	 */
	int discardQueued() {
		return this.outbound.discard();
	}

}
