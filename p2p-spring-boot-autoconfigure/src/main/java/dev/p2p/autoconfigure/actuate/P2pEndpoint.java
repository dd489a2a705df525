package dev.p2p.autoconfigure.actuate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.nat.ObservedAddresses;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.Reachability;
import dev.p2p.peer.SessionState;

/**
 * The {@code p2p} actuator endpoint: this node, its connected peers and the peers discovery
 * knows; connects to an address and disconnects a peer on request. Those two write operations
 * reach any address the node can and cut any peer, so by default the endpoint is read-only:
 * {@code management.endpoint.p2p.access=unrestricted} allows them.
 */
@Endpoint(id = "p2p", defaultAccess = Access.READ_ONLY)
public class P2pEndpoint {

	private final PeerNode node;

	private final Duration connectTimeout;

	private final @Nullable PeerDiscovery discovery;

	/** Peers of the compatibility profiles' own discovery (pnet adverts), listed with the others. */
	private volatile Supplier<List<String>> otherDiscoveredPeers = List::of;

	private final @Nullable ObservedAddresses observed;

	/** Unacknowledged packets per peer, with acknowledged delivery ({@code p2p.delivery}). */
	private volatile Supplier<Map<String, Integer>> unacknowledged = Map::of;

	/**
	 * Create the endpoint for a node without discovery.
	 * @param node the node to describe and operate
	 * @param connectTimeout how long {@link #connect(String)} waits for the session (dialling
	 * plus handshake)
	 */
	public P2pEndpoint(PeerNode node, Duration connectTimeout) {
		this(node, connectTimeout, null);
	}

	/**
	 * Create the endpoint.
	 * @param node the node to describe and operate
	 * @param connectTimeout how long {@link #connect(String)} waits for the session (dialling
	 * plus handshake)
	 * @param discovery the node's discovery, whose peers are listed, or {@code null}
	 */
	public P2pEndpoint(PeerNode node, Duration connectTimeout, @Nullable PeerDiscovery discovery) {
		this(node, connectTimeout, discovery, null);
	}

	/**
	 * Create the endpoint with the node's observed addresses and reachability.
	 * @param node the node to describe and operate
	 * @param connectTimeout how long {@link #connect(String)} waits for the session (dialling
	 * plus handshake)
	 * @param discovery the node's discovery, whose peers are listed, or {@code null}
	 * @param observed the node's observed addresses ({@code p2p.nat}), or {@code null}
	 */
	public P2pEndpoint(PeerNode node, Duration connectTimeout, @Nullable PeerDiscovery discovery,
			@Nullable ObservedAddresses observed) {
		this.node = node;
		this.connectTimeout = connectTimeout;
		this.discovery = discovery;
		this.observed = observed;
	}

	/**
	 * List more discovered peers, such as the pnet nodes known from their adverts.
	 * @param peers gives their descriptions, such as {@code beta@10.0.0.7:3333 (pnet)}
	 */
	public void setOtherDiscoveredPeers(Supplier<List<String>> peers) {
		this.otherDiscoveredPeers = peers;
	}

	/**
	 * Show what each peer has not acknowledged yet (acknowledged delivery).
	 * @param unacknowledged gives the count of unacknowledged packets by node id, suspended
	 * sessions included
	 */
	public void setUnacknowledged(Supplier<Map<String, Integer>> unacknowledged) {
		this.unacknowledged = unacknowledged;
	}

	/**
	 * This node and its established sessions.
	 * @return the node's description
	 */
	@ReadOperation
	public NodeDescriptor node() {
		InetSocketAddress bound = this.node.getBoundAddress();
		List<PeerDescriptor> peers = this.node.getSessions().stream().map(PeerDescriptor::of).toList();
		List<String> discovered = new ArrayList<>((this.discovery != null)
				? this.discovery.getDiscoveredPeers().stream().map(PeerAddress::toString).sorted().toList() : List.of());
		discovered.addAll(this.otherDiscoveredPeers.get());
		ObservedAddresses addresses = this.observed;
		return new NodeDescriptor(this.node.getNodeId(), this.node.getNetworkId(), this.node.isRunning(),
				(bound != null) ? PeerAddress.of(bound).toString() : null, peers, discovered,
				(addresses != null) ? addresses.describe() : List.of(),
				((addresses != null) ? addresses.reachability() : Reachability.UNKNOWN).tag(),
				new TreeMap<>(this.unacknowledged.get()));
	}

	/**
	 * One connected peer.
	 * @param nodeId the peer's node id
	 * @return the peer, or {@code null} (404 over HTTP) when it is not connected
	 */
	@ReadOperation
	public @Nullable PeerDescriptor peer(@Selector String nodeId) {
		return this.node.findSession(nodeId).map(PeerDescriptor::of).orElse(null);
	}

	/**
	 * Dial a peer once and wait for the handshake; a peer connected already is returned as it is.
	 * A lost session is not redialled (only static peers are).
	 * @param address where the peer listens, {@code host:port} or {@code [ipv6]:port}
	 * @return the connected peer
	 * @throws InvalidEndpointRequestException if the address is not of that form
	 * @throws PeerConnectException if the connection or the handshake fails, or takes longer
	 * than the connect timeout
	 */
	@WriteOperation
	public PeerDescriptor connect(@Nullable String address, @Nullable String nodeId) {
		if ((address == null) == (nodeId == null)) {
			String problem = "give either an address (host:port) or a nodeId to connect to";
			throw new InvalidEndpointRequestException(problem, problem);
		}
		return (nodeId != null) ? connectById(nodeId) : connect(address);
	}

	/**
	 * Reach a node by its node id through the relays this node is connected to
	 * ({@code p2p.relay.peers}); a node connected already is returned as it is.
	 * @param nodeId the node's id
	 * @return the connected peer
	 * @throws PeerConnectException if no relay reaches it, or not within the connect timeout
	 */
	public PeerDescriptor connectById(String nodeId) {
		return await(this.node.connect(nodeId), "node '" + nodeId + "'");
	}

	/**
	 * Dial a peer by address (see {@link #connect(String, String)}).
	 * @param address where the peer listens
	 * @return the connected peer
	 */
	public PeerDescriptor connect(String address) {
		PeerAddress target = parse(address);
		return await(this.node.connect(target), target.toString());
	}

	private PeerDescriptor await(CompletableFuture<PeerSession> session, String target) {
		try {
			return PeerDescriptor.of(session.get(this.connectTimeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PeerConnectException(failure(target, cause), cause);
		}
		catch (TimeoutException ex) {
			throw new PeerConnectException("Cannot connect to " + target + ": no session within "
					+ this.connectTimeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PeerConnectException("Interrupted while connecting to " + target, ex);
		}
	}

	/**
	 * Close a peer's session, saying goodbye first.
	 * @param nodeId the peer's node id
	 * @return the peer as the request left it (normally closing, while the goodbye drains), or
	 * {@code null} when it was not connected
	 */
	@DeleteOperation
	public @Nullable PeerDescriptor disconnect(@Selector String nodeId) {
		PeerSession session = this.node.findSession(nodeId).orElse(null);
		if (session == null || !this.node.disconnect(nodeId)) {
			return null;
		}
		return PeerDescriptor.of(session);
	}

	private static String failure(String target, Throwable cause) {
		String message = String.valueOf(cause.getMessage());
		// the transport's and the handshake's messages name the address already
		boolean namesTarget = message.contains(target);
		return namesTarget ? message : "Cannot connect to " + target + ": " + message;
	}

	private static PeerAddress parse(String address) {
		try {
			return PeerAddress.parse(address);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage(), ex);
		}
	}

	/**
	 * This node.
	 *
	 * @param nodeId this node's id
	 * @param networkId this node's network id
	 * @param running whether the node is started
	 * @param boundAddress address the server listens on, {@code null} when not listening
	 * @param peers the established sessions
	 * @param discoveredPeers listen addresses of the peers discovery knows now (UDP, DNS and peer
	 * exchange), connected or not, then the pnet nodes known from their adverts as
	 * {@code name@host:port (pnet)}; empty without discovery
	 * @param observedAddresses this node's addresses as peers observed them
	 * @param reachability whether peers can dial this node
	 * @param unacknowledged packets each peer has not acknowledged yet, by node id (peers whose
	 * session is suspended included); empty without acknowledged delivery
	 */
	public record NodeDescriptor(String nodeId, String networkId, boolean running, @Nullable String boundAddress,
			List<PeerDescriptor> peers, List<String> discoveredPeers, List<String> observedAddresses,
			String reachability, Map<String, Integer> unacknowledged) implements OperationResponseBody {
	}

	/**
	 * One connected peer.
	 *
	 * @param nodeId the peer's node id
	 * @param remoteAddress the connection's remote {@code host:port}
	 * @param direction {@code INBOUND} when the peer dialled, {@code OUTBOUND} when this node did
	 * @param state the session's state
	 * @param connectedSince when the handshake completed
	 * @param packetsIn application packets received
	 * @param packetsOut application packets written
	 * @param bytesIn bytes received, headers included
	 * @param bytesOut bytes written, headers included
	 * @param lastSeen when something last arrived from the peer
	 * @param roundTripMillis round-trip time of the last heartbeat, in milliseconds; {@code null}
	 * before the first one (or without heartbeat)
	 * @param path {@code direct}, or {@code relayed} when the session travels in a relay circuit
	 * @param relay node id of the relay carrying the session, {@code null} when direct
	 */
	public record PeerDescriptor(String nodeId, String remoteAddress, Direction direction, SessionState state,
			@Nullable Instant connectedSince, long packetsIn, long packetsOut, long bytesIn, long bytesOut,
			Instant lastSeen, @Nullable Double roundTripMillis, String path,
			@Nullable String relay) implements OperationResponseBody {

		static PeerDescriptor of(PeerSession session) {
			Duration roundTrip = session.getRoundTripTime();
			return new PeerDescriptor(session.getNodeId(), PeerAddress.of(session.getRemoteAddress()).toString(),
					session.getDirection(), session.getState(), session.getConnectedAt(), session.getPacketsIn(),
					session.getPacketsOut(), session.getBytesIn(), session.getBytesOut(), session.getLastSeen(),
					(roundTrip != null) ? roundTrip.toNanos() / 1_000_000.0 : null, session.path().tag(),
					session.relay());
		}

	}

}
