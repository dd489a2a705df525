package dev.p2p.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.node.PeerNode;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamContent;
import dev.p2p.wire.Frame;

/**
 * Default {@link PacketOperations}: encodes with the packet type's codec and queues on the
 * node's sessions; when observation is on, each call is a {@code p2p.packet.send} observation
 * whose trace context travels before the packet.
 * @param <T> the packet-type enum
 */
public class PacketTemplate<T extends Enum<T>> implements PacketOperations<T> {

	/** Request timeout of a template created without one ({@code p2p.request.timeout}'s default). */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final PeerNode node;

	private final PacketTypeRegistry packetTypes;

	private final PacketCodecs codecs;

	private final PacketObservations observations;

	private final Duration requestTimeout;

	private final PacketFanout<T> fanout;

	/**
	 * Create a template that observes nothing.
	 * @param node the running node
	 * @param packetTypes the packet types
	 * @param codecs codec per type
	 */
	public PacketTemplate(PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs) {
		this(node, packetTypes, codecs, PacketObservations.DISABLED, DEFAULT_REQUEST_TIMEOUT);
	}

	/**
	 * Create a template.
	 * @param node the running node
	 * @param packetTypes the packet types
	 * @param codecs codec per type
	 * @param observations observes each send
	 * @param requestTimeout how long a request waits for its reply unless told otherwise
	 */
	public PacketTemplate(PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs,
			PacketObservations observations, Duration requestTimeout) {
		this.node = node;
		this.packetTypes = packetTypes;
		this.codecs = codecs;
		this.observations = observations;
		this.requestTimeout = requestTimeout;
		this.fanout = new PacketFanout<>(node, observations, this::frame);
	}

	@Override
	public void send(String nodeId, T type, Object payload) {
		sendTo(nodeId, type, payload, null, null);
	}

	@Override
	public void send(PeerSession peer, T type, Object payload) {
		enqueue(peer, type, payload, null, null);
	}

	@Override
	public void send(String nodeId, T type, Object payload, Duration timeout) {
		sendTo(nodeId, type, payload, null, timeout);
	}

	@Override
	public void send(PeerSession peer, T type, Object payload, Duration timeout) {
		enqueue(peer, type, payload, null, timeout);
	}

	@Override
	public void send(Collection<String> nodeIds, T type, Object payload) {
		this.fanout.send(nodeIds, type, payload, null);
	}

	@Override
	public void send(Collection<String> nodeIds, T type, Object payload, Duration timeout) {
		this.fanout.send(nodeIds, type, payload, timeout);
	}

	@Override
	public CompletableFuture<Void> sendAsync(Collection<String> nodeIds, T type, Object payload) {
		return this.fanout.sendAsync(nodeIds, type, payload, null);
	}

	@Override
	public CompletableFuture<Void> sendAsync(Collection<String> nodeIds, T type, Object payload, Duration timeout) {
		return this.fanout.sendAsync(nodeIds, type, payload, timeout);
	}

	@Override
	public int broadcast(T type, Object payload) {
		return this.fanout.broadcast(type, payload, null);
	}

	@Override
	public int broadcast(T type, Object payload, Duration timeout) {
		return this.fanout.broadcast(type, payload, timeout);
	}

	@Override
	public CompletableFuture<Void> sendAsync(String nodeId, T type, Object payload) {
		return sentTo(nodeId, type, payload, null);
	}

	@Override
	public CompletableFuture<Void> sendAsync(PeerSession peer, T type, Object payload) {
		return written(peer, type, payload, null);
	}

	@Override
	public CompletableFuture<Void> sendAsync(String nodeId, T type, Object payload, Duration timeout) {
		return sentTo(nodeId, type, payload, timeout);
	}

	private CompletableFuture<Void> sentTo(String nodeId, T type, Object payload, @Nullable Duration timeout) {
		return completing((written) -> sendTo(nodeId, type, payload, written, timeout));
	}

	/**
	 * Send to a peer by id: on its session, or, while its session with acknowledged delivery is
	 * suspended (the connection lost, not yet expired), into that session's replay buffer.
	 */
	private void sendTo(String nodeId, T type, Object payload, @Nullable CompletableFuture<Void> written,
			@Nullable Duration timeout) {
		PeerSession peer = this.node.findSession(nodeId).orElse(null);
		if (peer != null) {
			try {
				enqueue(peer, type, payload, written, timeout);
			}
			catch (PeerNotConnectedException ex) {
				// the session found was replaced (path switch, fast reconnect) before the packet was
				// queued on it: nothing was queued, so the peer's current session takes it
				PeerSession current = this.node.findSession(nodeId).orElse(null);
				if (current == null || current == peer) {
					throw ex;
				}
				enqueue(current, type, payload, written, timeout);
			}
		}
		else if (!this.node.sender().sendSuspended(nodeId, frame(type, payload), written, timeout)) {
			throw new PeerNotConnectedException("Not connected to peer '" + nodeId + "'");
		}
	}

	@Override
	public CompletableFuture<Void> sendAsync(PeerSession peer, T type, Object payload, Duration timeout) {
		return written(peer, type, payload, timeout);
	}

	private CompletableFuture<Void> written(PeerSession peer, T type, Object payload, @Nullable Duration timeout) {
		return completing((written) -> enqueue(peer, type, payload, written, timeout));
	}

	/** A future the sending completes; what the sending throws fails it. */
	private static CompletableFuture<Void> completing(java.util.function.Consumer<CompletableFuture<Void>> sending) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		try {
			sending.accept(written);
		}
		catch (RuntimeException ex) {
			written.completeExceptionally(ex);
		}
		return written;
	}

	/** Queue on the session, waiting for room up to {@code timeout}, or {@code p2p.send.timeout} when null. */
	private void enqueue(PeerSession peer, T type, Object payload, @Nullable CompletableFuture<Void> written,
			@Nullable Duration timeout) {
		this.observations.observeSend(type, peer.getNodeId(), (trace) -> {
			PacketFanout.queue(this.node.sender(), peer, trace, frame(type, payload), written, timeout);
			return null;
		});
	}

	@Override
	public CompletableFuture<Void> broadcastAsync(T type, Object payload) {
		return this.fanout.broadcastAsync(type, payload, null);
	}

	@Override
	public CompletableFuture<Void> broadcastAsync(T type, Object payload, Duration timeout) {
		return this.fanout.broadcastAsync(type, payload, timeout);
	}

	@Override
	public <R> CompletableFuture<R> request(String nodeId, T type, Object payload, Class<R> replyType) {
		return request(nodeId, type, payload, replyType, this.requestTimeout);
	}

	@Override
	public <R> CompletableFuture<R> request(String nodeId, T type, Object payload, Class<R> replyType,
			Duration timeout) {
		return toPeer(nodeId, (peer) -> request(peer, type, payload, replyType, timeout));
	}

	@Override
	public <R> CompletableFuture<R> request(String nodeId, T type, Object payload,
			ParameterizedTypeReference<R> replyType) {
		return request(nodeId, type, payload, replyType, this.requestTimeout);
	}

	@Override
	public <R> CompletableFuture<R> request(String nodeId, T type, Object payload,
			ParameterizedTypeReference<R> replyType, Duration timeout) {
		return toPeer(nodeId, (peer) -> request(peer, type, payload, replyType, timeout));
	}

	@Override
	public <R> CompletableFuture<R> request(PeerSession peer, T type, Object payload, Class<R> replyType) {
		return request(peer, type, payload, replyType, this.requestTimeout);
	}

	@Override
	public <R> CompletableFuture<R> request(PeerSession peer, T type, Object payload, Class<R> replyType,
			Duration timeout) {
		return exchange(peer, type, payload, replyType, timeout);
	}

	@Override
	public <R> CompletableFuture<R> request(PeerSession peer, T type, Object payload,
			ParameterizedTypeReference<R> replyType) {
		return request(peer, type, payload, replyType, this.requestTimeout);
	}

	@Override
	public <R> CompletableFuture<R> request(PeerSession peer, T type, Object payload,
			ParameterizedTypeReference<R> replyType, Duration timeout) {
		return exchange(peer, type, payload, replyType.getType(), timeout);
	}

	private <R> CompletableFuture<R> exchange(PeerSession peer, T type, Object payload, Type replyType,
			Duration timeout) {
		try {
			return this.observations.observeSend(type, peer.getNodeId(), (trace) -> this.node.sender().request(peer, type,
					trace, frame(type, payload), timeout, this.<R>replyDecoder(replyType)));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private <R> Function<@Nullable Frame, @Nullable R> replyDecoder(Type replyType) {
		return (reply) -> {
			if (reply == null || replyType == Void.class) {
				return null;
			}
			Enum<?> type = this.packetTypes.typeOf(reply.type());
			if (replyType == Packet.class) {
				return (R) new Packet(type, reply.type(), reply.payload());
			}
			return (R) this.codecs.codecOf(type).decode(reply.payload(), replyType);
		};
	}

	@Override
	public CompletableFuture<StreamResult> stream(String nodeId, T type, StreamContent content) {
		return toPeer(nodeId, (peer) -> stream(peer, type, content));
	}

	@Override
	public CompletableFuture<StreamResult> stream(PeerSession peer, T type, StreamContent content) {
		this.packetTypes.codeOf(type);
		return this.node.sender().stream(peer, type, content);
	}

	@Override
	public CompletableFuture<StreamResult> stream(String nodeId, T type, StreamContent content, Duration idleTimeout) {
		return toPeer(nodeId, (peer) -> stream(peer, type, content, idleTimeout));
	}

	@Override
	public CompletableFuture<StreamResult> stream(PeerSession peer, T type, StreamContent content,
			Duration idleTimeout) {
		this.packetTypes.codeOf(type);
		return this.node.sender().stream(peer, type, content, idleTimeout);
	}

	@Override
	public List<PeerSession> peers() {
		return this.node.getSessions();
	}

	@Override
	public CompletableFuture<List<ListenerType>> listenerTypes(String nodeId) {
		return listenerTypes(nodeId, this.requestTimeout);
	}

	@Override
	public CompletableFuture<List<ListenerType>> listenerTypes(String nodeId, Duration timeout) {
		return toPeer(nodeId, (peer) -> listenerTypes(peer, timeout));
	}

	@Override
	public CompletableFuture<List<ListenerType>> listenerTypes(PeerSession peer) {
		return listenerTypes(peer, this.requestTimeout);
	}

	@Override
	public CompletableFuture<List<ListenerType>> listenerTypes(PeerSession peer, Duration timeout) {
		return this.node.sender().builtIns().requestListenerTypes(peer, timeout);
	}

	@Override
	public CompletableFuture<List<KnownPeer>> knownPeers(String nodeId) {
		return knownPeers(nodeId, this.requestTimeout);
	}

	@Override
	public CompletableFuture<List<KnownPeer>> knownPeers(String nodeId, Duration timeout) {
		return toPeer(nodeId, (peer) -> knownPeers(peer, timeout));
	}

	@Override
	public CompletableFuture<List<KnownPeer>> knownPeers(PeerSession peer) {
		return knownPeers(peer, this.requestTimeout);
	}

	@Override
	public CompletableFuture<List<KnownPeer>> knownPeers(PeerSession peer, Duration timeout) {
		return this.node.sender().builtIns().requestKnownPeers(peer, timeout);
	}

	@Override
	public CompletableFuture<PeerSession> connect(String nodeId) {
		return this.node.connect(nodeId);
	}

	/** Run an asynchronous operation on a peer's session; a peer that is not connected fails the result. */
	private <V> CompletableFuture<V> toPeer(String nodeId, Function<PeerSession, CompletableFuture<V>> operation) {
		PeerSession peer;
		try {
			peer = session(nodeId);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return operation.apply(peer);
	}

	private PeerSession session(String nodeId) {
		return this.node.findSession(nodeId)
			.orElseThrow(() -> new PeerNotConnectedException("Not connected to peer '" + nodeId + "'"));
	}

	private Frame frame(T type, Object payload) {
		int code = this.packetTypes.codeOf(type);
		return new Frame(code, this.codecs.codecOf(type).encode(payload));
	}

}
