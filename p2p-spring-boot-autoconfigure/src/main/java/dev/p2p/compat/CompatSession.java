package dev.p2p.compat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionState;

/**
 * What a peer of another wire protocol looks like to the application: a {@link PeerSession}
 * with an id the peer chose (peerpy's {@code peer_name}, pnet's name), the connection's
 * addresses and counters. No identity, heartbeat, queue, request or stream: those protocols
 * have none of them.
 */
public abstract class CompatSession implements PeerSession {

	private final String nodeId;

	private final @Nullable PeerAddress listenAddress;

	private final InetSocketAddress remoteAddress;

	private final InetSocketAddress localAddress;

	private final Direction direction;

	private final Instant connectedAt = Instant.now();

	private volatile SessionState state = SessionState.ACTIVE;

	private volatile Instant lastSeen = this.connectedAt;

	private final AtomicLong packetsIn = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong packetsOut = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	/**
	 * Create an active session.
	 * @param nodeId the id the peer goes by
	 * @param listenAddress where it says it listens, or {@code null}
	 * @param remoteAddress the connection's remote address
	 * @param localAddress the connection's local address
	 * @param direction who dialled
	 */
	protected CompatSession(String nodeId, @Nullable PeerAddress listenAddress, InetSocketAddress remoteAddress,
			InetSocketAddress localAddress, Direction direction) {
		this.nodeId = nodeId;
		this.listenAddress = listenAddress;
		this.remoteAddress = remoteAddress;
		this.localAddress = localAddress;
		this.direction = direction;
	}

	/**
	 * Count something received.
	 * @param bytes bytes on the wire
	 * @param packet whether it was an application packet
	 */
	protected void received(long bytes, boolean packet) {
		this.bytesIn.addAndGet(bytes);
		if (packet) {
			this.packetsIn.incrementAndGet();
		}
		this.lastSeen = Instant.now();
	}

	/**
	 * Count a packet written.
	 * @param bytes bytes on the wire
	 */
	protected void sent(long bytes) {
		this.bytesOut.addAndGet(bytes);
		this.packetsOut.incrementAndGet();
	}

	/**
	 * Mark the session closed.
	 * @return {@code true} if it was not closed already
	 */
	protected boolean markClosed() {
		synchronized (this) {
			if (this.state == SessionState.CLOSED) {
				return false;
			}
			this.state = SessionState.CLOSED;
			return true;
		}
	}

	@Override
	public String getNodeId() {
		return this.nodeId;
	}

	@Override
	public @Nullable PeerIdentity getIdentity() {
		return null;
	}

	@Override
	public @Nullable PeerAddress getListenAddress() {
		return this.listenAddress;
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		return this.remoteAddress;
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		return this.localAddress;
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
		return this.packetsIn.get();
	}

	@Override
	public long getBytesIn() {
		return this.bytesIn.get();
	}

	@Override
	public long getPacketsOut() {
		return this.packetsOut.get();
	}

	@Override
	public long getBytesOut() {
		return this.bytesOut.get();
	}

	@Override
	public Instant getLastSeen() {
		return this.lastSeen;
	}

	@Override
	public @Nullable Duration getRoundTripTime() {
		return null;
	}

	@Override
	public long getQueuedBytes() {
		return 0;
	}

	@Override
	public int getPendingRequestCount() {
		return 0;
	}

	@Override
	public Map<Integer, Long> getUnacknowledgedStreamBytes() {
		return Map.of();
	}

	@Override
	public @Nullable String getTlsProtocol() {
		return null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.nodeId + " " + this.remoteAddress + " " + this.state + "]";
	}

}
