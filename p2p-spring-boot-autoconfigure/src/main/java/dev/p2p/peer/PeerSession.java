package dev.p2p.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One connected peer, as the application sees it: who it is, where it is, how the session
 * stands and what went through it. Listener methods take it as a parameter, events carry it,
 * and {@code PacketOperations} sends to it. The node's engine implements it; an interface, so
 * tests can mock it.
 */
public interface PeerSession {

	/**
	 * The peer's node id: from its HELLO or ACCEPT, or its remote {@code host:port} in handshake
	 * mode {@code none} (and until the handshake completes).
	 * @return node id
	 */
	String getNodeId();

	/**
	 * What the peer said about itself in the handshake.
	 * @return identity, or {@code null} in handshake mode {@code none} or before the handshake
	 */
	@Nullable PeerIdentity getIdentity();

	/**
	 * Address the peer accepts connections on, as it advertised it (host from the connection
	 * when it advertised none).
	 * @return the listen address, or {@code null} if the peer does not listen or did not say
	 */
	@Nullable PeerAddress getListenAddress();

	/**
	 * The connection's remote address.
	 * @return remote address
	 */
	InetSocketAddress getRemoteAddress();

	/**
	 * The connection's local address.
	 * @return local address
	 */
	InetSocketAddress getLocalAddress();

	/**
	 * Who dialled.
	 * @return inbound or outbound
	 */
	Direction getDirection();

	/**
	 * Current state.
	 * @return the state
	 */
	SessionState getState();

	/**
	 * Whether packets can be sent.
	 * @return {@code true} while active
	 */
	boolean isActive();

	/**
	 * When the session became active.
	 * @return the time, or {@code null} before that
	 */
	@Nullable Instant getConnectedAt();

	/**
	 * Application packets received.
	 * @return count
	 */
	long getPacketsIn();

	/**
	 * Bytes received, headers included.
	 * @return count
	 */
	long getBytesIn();

	/**
	 * Application packets written (control frames are not counted).
	 * @return count
	 */
	long getPacketsOut();

	/**
	 * Bytes written, headers included.
	 * @return count
	 */
	long getBytesOut();

	/**
	 * When something last arrived from the peer.
	 * @return the time
	 */
	Instant getLastSeen();

	/**
	 * Round-trip time of the last heartbeat (PING to PONG).
	 * @return the time, or {@code null} before the first PONG (or without heartbeat)
	 */
	@Nullable Duration getRoundTripTime();

	/**
	 * Bytes waiting in the outbound queue.
	 * @return queued bytes
	 */
	long getQueuedBytes();

	/**
	 * Requests sent to this peer that still wait for their reply.
	 * @return how many
	 */
	int getPendingRequestCount();

	/**
	 * Bytes sent on each open outbound stream that the peer has not credited back yet: never
	 * more than the peer's receive window ({@code p2p.stream.window}) per stream.
	 * @return unacknowledged bytes by stream id, empty when no stream is being sent
	 */
	Map<Integer, Long> getUnacknowledgedStreamBytes();

	/**
	 * The TLS protocol version of the connection, such as {@code TLSv1.3}.
	 * @return the negotiated protocol, or {@code null} for plain TCP
	 */
	@Nullable String getTlsProtocol();

	/**
	 * How this session's frames travel: on a direct connection, or inside a relay circuit.
	 * @return the path
	 */
	default SessionPath path() {
		return SessionPath.DIRECT;
	}

	/**
	 * The relay node that carries this session when it is {@link SessionPath#RELAYED relayed}.
	 * @return the relay's node id, or {@code null} for a direct session
	 */
	default @Nullable String relay() {
		return null;
	}

}
