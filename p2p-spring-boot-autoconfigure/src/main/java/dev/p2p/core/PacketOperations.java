package dev.p2p.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.core.ParameterizedTypeReference;

import dev.p2p.peer.PeerSession;

/**
 * Sending packets to peers, typed by the application's packet enum ({@code p2p.packet-types}):
 * inject {@code PacketOperations<MyPacket>}, and a constant of another enum does not compile.
 * Payloads are encoded with the packet type's codec ({@code p2p.codec.*}). Sends are queued per
 * peer and written in order; a send waits up to {@code p2p.send.timeout} for room in a full
 * queue, then fails with a {@link dev.p2p.peer.SendQueueFullException}. Sending to a peer that
 * is not connected fails with a {@link dev.p2p.peer.PeerNotConnectedException}.
 * <p>
 * Every operation exists by node id and by {@link PeerSession} (sending to several peers and
 * broadcasting name no single one), and each takes a timeout of its own in place of the
 * configured one: {@code send} queues and returns, {@code sendAsync} also tells when the packet
 * is written, both waiting up to their timeout (else {@code p2p.send.timeout}) for room in a full
 * queue; {@code request}, {@code stream} and the built-in queries are asynchronous by nature, a
 * request and a query wait up to their timeout (else {@code p2p.request.timeout}) for the answer,
 * a stream fails after that long without progress (else {@code p2p.stream.idle-timeout}).
 * Streams are declared in {@link PacketStreams}, the questions about peers in {@link PeerQueries}.
 * @param <T> the packet-type enum
 */
public interface PacketOperations<T extends Enum<T>> extends PacketStreams<T>, PeerQueries {

	/**
	 * Queue a packet for a peer.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(String nodeId, T type, Object payload);

	/**
	 * Queue a packet for a session.
	 * @param peer the session
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(PeerSession peer, T type, Object payload);

	/**
	 * Queue a packet for a peer, waiting up to a timeout of its own (in place of
	 * {@code p2p.send.timeout}) for room in a full queue.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 */
	void send(String nodeId, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for a session, waiting up to a timeout of its own for room.
	 * @param peer the session
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 */
	void send(PeerSession peer, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for several peers; the payload is encoded once. Fails before sending
	 * anything if one of them is not connected.
	 * @param nodeIds the peers' node ids
	 * @param type the packet type
	 * @param payload the payload
	 */
	void send(Collection<String> nodeIds, T type, Object payload);

	/**
	 * Queue a packet for several peers, waiting up to a timeout of its own for room in each
	 * peer's queue.
	 * @param nodeIds the peers' node ids
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 */
	void send(Collection<String> nodeIds, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for several peers and learn when it is written to all of them.
	 * @param nodeIds the peers' node ids
	 * @param type the packet type
	 * @param payload the payload
	 * @return completes when written to every peer; fails if one of them is not connected
	 * (nothing is sent then) or a write fails
	 */
	CompletableFuture<Void> sendAsync(Collection<String> nodeIds, T type, Object payload);

	/**
	 * Queue a packet for several peers, waiting up to a timeout of its own for room, and learn
	 * when it is written to all of them.
	 * @param nodeIds the peers' node ids
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 * @return as {@link #sendAsync(Collection, Enum, Object)}
	 */
	CompletableFuture<Void> sendAsync(Collection<String> nodeIds, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for every connected peer (pnet's {@code "*"}); the payload is encoded once.
	 * @param type the packet type
	 * @param payload the payload
	 * @return how many peers it was queued for
	 */
	int broadcast(T type, Object payload);

	/**
	 * Queue a packet for every connected peer, waiting up to a timeout of its own for room in
	 * each peer's queue; a peer without room by then does not get it.
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 * @return how many peers it was queued for
	 */
	int broadcast(T type, Object payload, Duration timeout);

	/**
	 * Queue a packet and learn when it is written.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 * @return completes when the packet is written to the socket, fails if it cannot be
	 */
	CompletableFuture<Void> sendAsync(String nodeId, T type, Object payload);

	/**
	 * Queue a packet for a session and learn when it is written.
	 * @param peer the session
	 * @param type the packet type
	 * @param payload the payload
	 * @return as {@link #sendAsync(String, Enum, Object)}
	 */
	CompletableFuture<Void> sendAsync(PeerSession peer, T type, Object payload);

	/**
	 * Queue a packet, waiting up to a timeout of its own for room, and learn when it is written.
	 * @param nodeId the peer's node id
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 * @return as {@link #sendAsync(String, Enum, Object)}
	 */
	CompletableFuture<Void> sendAsync(String nodeId, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for a session, waiting up to a timeout of its own for room, and learn when
	 * it is written.
	 * @param peer the session
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 * @return as {@link #sendAsync(String, Enum, Object)}
	 */
	CompletableFuture<Void> sendAsync(PeerSession peer, T type, Object payload, Duration timeout);

	/**
	 * Queue a packet for every connected peer and learn when it is written to all.
	 * @param type the packet type
	 * @param payload the payload
	 * @return completes when written to every peer, fails if any write fails
	 */
	CompletableFuture<Void> broadcastAsync(T type, Object payload);

	/**
	 * Queue a packet for every connected peer, waiting up to a timeout of its own for room, and
	 * learn when it is written to all.
	 * @param type the packet type
	 * @param payload the payload
	 * @param timeout how long to wait for room
	 * @return as {@link #broadcastAsync(Enum, Object)}
	 */
	CompletableFuture<Void> broadcastAsync(T type, Object payload, Duration timeout);

	/**
	 * Send a request and get its reply, within {@code p2p.request.timeout}. The peer's
	 * {@code @PacketListener} for the type answers with its return value; many requests may be
	 * in flight on one connection and replies may come in any order.
	 * @param <R> the reply's type
	 * @param nodeId the peer's node id
	 * @param type the request's packet type
	 * @param payload the request, encoded with the type's codec
	 * @param replyType what to decode the reply into with the reply type's codec
	 * ({@code Packet} for the raw reply, {@code Void} to just wait for it)
	 * @return completes with the reply ({@code null} if the listener returned nothing); fails
	 * with {@link dev.p2p.peer.RemotePacketException} when the peer's listener threw or no
	 * listener handles the type there, {@link dev.p2p.peer.RequestTimeoutException} at the
	 * timeout, {@link dev.p2p.peer.PeerNotConnectedException} when the peer is not connected or
	 * leaves first
	 */
	<R> CompletableFuture<R> request(String nodeId, T type, Object payload, Class<R> replyType);

	/**
	 * Send a request and get its reply, within a timeout of its own.
	 * @param <R> the reply's type
	 * @param nodeId the peer's node id
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @param timeout how long to wait for the reply
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(String nodeId, T type, Object payload, Class<R> replyType, Duration timeout);

	/**
	 * Send a request and get its reply decoded into a generic type (such as a {@code List} of
	 * records), within {@code p2p.request.timeout}.
	 * @param <R> the reply's type
	 * @param nodeId the peer's node id
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(String nodeId, T type, Object payload, ParameterizedTypeReference<R> replyType);

	/**
	 * Send a request and get its reply decoded into a generic type, within a timeout of its own.
	 * @param <R> the reply's type
	 * @param nodeId the peer's node id
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @param timeout how long to wait for the reply
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(String nodeId, T type, Object payload, ParameterizedTypeReference<R> replyType,
			Duration timeout);

	/**
	 * Send a request to a session, within {@code p2p.request.timeout}.
	 * @param <R> the reply's type
	 * @param peer the session
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(PeerSession peer, T type, Object payload, Class<R> replyType);

	/**
	 * Send a request to a session, within a timeout of its own.
	 * @param <R> the reply's type
	 * @param peer the session
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @param timeout how long to wait for the reply
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(PeerSession peer, T type, Object payload, Class<R> replyType, Duration timeout);

	/**
	 * Send a request to a session and decode its reply into a generic type, within
	 * {@code p2p.request.timeout}.
	 * @param <R> the reply's type
	 * @param peer the session
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(PeerSession peer, T type, Object payload,
			ParameterizedTypeReference<R> replyType);

	/**
	 * Send a request to a session and decode its reply into a generic type, within a timeout of
	 * its own.
	 * @param <R> the reply's type
	 * @param peer the session
	 * @param type the request's packet type
	 * @param payload the request
	 * @param replyType what to decode the reply into
	 * @param timeout how long to wait for the reply
	 * @return as {@link #request(String, Enum, Object, Class)}
	 */
	<R> CompletableFuture<R> request(PeerSession peer, T type, Object payload, ParameterizedTypeReference<R> replyType,
			Duration timeout);

}
