package dev.p2p.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.reach.AddressKind;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;

/**
 * The relay side ({@code p2p.relay.enabled}): grants reservations, sets up circuits between a
 * node that asks (CIRCUIT_OPEN) and a node with a reservation (CIRCUIT_INCOMING, CIRCUIT_ACCEPT),
 * enforces the limits, and refuses with a reason. The bytes of a circuit are forwarded by
 * {@link RelayedCircuit}. A disabled relay refuses everything with {@code RELAY_DISABLED}.
 */
final class RelayService {

	private static final Log logger = LogFactory.getLog(RelayService.class);

	private final RelayContext relay;

	/** Reservations by node id. */
	private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

	/** Circuits each node takes part in (guarded by this). */
	private final Map<String, Integer> perNode = new HashMap<>();

	/** Circuits open or being set up (guarded by this). */
	private int circuits;

	private volatile boolean stopping;

	RelayService(RelayContext relay) {
		this.relay = relay;
	}

	// ---- reservations

	void reserve(PeerSession peer, int wantedSeconds) {
		RelaySettings settings = this.relay.settings;
		if (!settings.enabled() || this.stopping) {
			this.relay.refuse(peer, 0, settings.enabled() ? RelayReason.RELAY_STOPPING : RelayReason.RELAY_DISABLED,
					"node '" + this.relay.nodeId + "' does not relay (p2p.relay.enabled=false)");
			return;
		}
		if (peer.path() == SessionPath.RELAYED) {
			this.relay.refuse(peer, 0, RelayReason.RELAY_DISABLED, "no reservation on a relayed session");
			return;
		}
		long ttlSeconds = settings.reservationTtl().toSeconds();
		int granted = (int) Math.min(Integer.MAX_VALUE, (wantedSeconds > 0) ? Math.min(wantedSeconds, ttlSeconds)
				: ttlSeconds);
		synchronized (this) {
			expireReservations();
			if (!this.reservations.containsKey(peer.getNodeId())
					&& this.reservations.size() >= settings.maxReservations()) {
				this.relay.refuse(peer, 0, RelayReason.TOTAL_LIMIT, "this relay holds " + settings.maxReservations()
						+ " reservations already (p2p.relay.max-reservations)");
				return;
			}
			this.reservations.put(peer.getNodeId(),
					new Reservation(peer, System.nanoTime() + TimeUnit.SECONDS.toNanos(granted)));
		}
		this.relay.sendNow(peer, RelayFrames.reserveOk(new RelayFrames.Reservation(granted,
				settings.maxCircuitSeconds(), settings.maxCircuitBytes(), seenAt(peer))));
		logger.debug("Reservation of '" + peer.getNodeId() + "' for " + granted + " s");
	}

	/** Where this relay sees a node: its hop connection's source, unless the list cannot carry it. */
	private static List<ReachableAddress> seenAt(PeerSession peer) {
		InetSocketAddress remote = peer.getRemoteAddress();
		InetAddress address = remote.getAddress();
		if (address == null || remote.getPort() == 0
				|| (address instanceof Inet6Address && address.isLinkLocalAddress())) {
			return List.of();
		}
		return List.of(new ReachableAddress(address, remote.getPort(), AddressKind.OBSERVED));
	}

	private void expireReservations() {
		long now = System.nanoTime();
		this.reservations.values().removeIf((reservation) -> now - reservation.expiresNanos() > 0);
	}

	/**
	 * Node ids with a live reservation here.
	 * @return the ids
	 */
	List<String> reservedNodes() {
		long now = System.nanoTime();
		return this.reservations.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().expiresNanos() - now > 0 && entry.getValue().session().isActive())
			.map(Map.Entry::getKey)
			.toList();
	}

	// ---- circuits

	void open(PeerSession source, RelayFrames.Circuit request) {
		RelaySettings settings = this.relay.settings;
		int sourceId = request.circuitId();
		String target = request.nodeId();
		if (!settings.enabled() || this.stopping) {
			this.relay.refuse(source, sourceId, settings.enabled() ? RelayReason.RELAY_STOPPING
					: RelayReason.RELAY_DISABLED, "node '" + this.relay.nodeId + "' does not relay");
			return;
		}
		if (source.path() == SessionPath.RELAYED) {
			this.relay.refuse(source, sourceId, RelayReason.RELAY_DISABLED, "no circuit inside a circuit");
			return;
		}
		Reservation reservation = this.reservations.get(target);
		if (reservation == null || reservation.expiresNanos() - System.nanoTime() <= 0
				|| !reservation.session().isActive() || target.equals(source.getNodeId())) {
			this.relay.refuse(source, sourceId, RelayReason.NO_RESERVATION,
					"node '" + target + "' has no reservation on relay '" + this.relay.nodeId + "'");
			return;
		}
		PeerSession targetHop = reservation.session();
		RelayedCircuit circuit = new RelayedCircuit(this, this.relay, source, sourceId, targetHop);
		synchronized (this) {
			if (this.circuits >= settings.maxCircuits()) {
				this.relay.refuse(source, sourceId, RelayReason.TOTAL_LIMIT, "relay '" + this.relay.nodeId
						+ "' carries " + settings.maxCircuits() + " circuits already (p2p.relay.max-circuits)");
				return;
			}
			String busy = (count(source.getNodeId()) >= settings.maxCircuitsPerNode()) ? source.getNodeId()
					: (count(target) >= settings.maxCircuitsPerNode()) ? target : null;
			if (busy != null) {
				this.relay.refuse(source, sourceId, RelayReason.PER_NODE_LIMIT, "node '" + busy + "' takes part in "
						+ settings.maxCircuitsPerNode() + " circuits already (p2p.relay.max-circuits-per-node)");
				return;
			}
			if (!this.relay.table.register(source, sourceId, circuit)) {
				this.relay.refuse(source, sourceId, RelayReason.MALFORMED, "circuit id "
						+ Integer.toUnsignedString(sourceId) + " is in use on this hop");
				return;
			}
			this.circuits++;
			this.perNode.merge(source.getNodeId(), 1, Integer::sum);
			this.perNode.merge(target, 1, Integer::sum);
		}
		this.relay.metrics.circuits(openCircuits());
		circuit.incoming(settings.acceptTimeout());
	}

	private int count(String nodeId) {
		return this.perNode.getOrDefault(nodeId, 0);
	}

	synchronized int openCircuits() {
		return this.circuits;
	}

	/** A circuit ended: give back what it counted. */
	void ended(RelayedCircuit circuit) {
		synchronized (this) {
			this.circuits--;
			this.perNode.computeIfPresent(circuit.source().getNodeId(), (id, n) -> (n > 1) ? n - 1 : null);
			this.perNode.computeIfPresent(circuit.target().getNodeId(), (id, n) -> (n > 1) ? n - 1 : null);
		}
		this.relay.metrics.circuits(openCircuits());
	}

	/** A hop session ended: its reservation goes (its circuits learn it from the table). */
	void sessionEnded(PeerSession session) {
		Reservation reservation = this.reservations.get(session.getNodeId());
		if (reservation != null && reservation.session() == session) {
			this.reservations.remove(session.getNodeId(), reservation);
		}
	}

	/**
	 * The node stops: every circuit is closed with {@code RELAY_STOPPING}, reservations are dropped.
	 */
	void stopping() {
		this.stopping = true;
		for (CircuitEnd end : this.relay.table.all()) {
			if (end instanceof RelayedCircuit circuit) {
				circuit.close(RelayReason.RELAY_STOPPING, "relay '" + this.relay.nodeId + "' is stopping");
			}
		}
		this.reservations.clear();
	}

	void started() {
		this.stopping = false;
	}

	@Nullable ScheduledFuture<?> schedule(Runnable task, long millis) {
		try {
			return this.relay.engine().timers().schedule(task, millis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			return null; // stopping: the circuits are closed anyway
		}
	}

	private record Reservation(PeerSession session, long expiresNanos) {
	}

}
