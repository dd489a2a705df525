package dev.p2p.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.reach.RelayFrames;

/**
 * Keeps a reservation on each relay of {@code p2p.relay.peers} while connected to it (the node
 * dials and redials those relays like static peers): RESERVE when the session is established,
 * again at half the granted lifetime, and again a while after a refusal. Other nodes reach this
 * one by id through the relays it holds a reservation on.
 */
final class RelayReservations {

	private static final Log logger = LogFactory.getLog(RelayReservations.class);

	/** How long after a refusal the reservation is asked for again. */
	static final long RETRY_AFTER_REFUSAL_MILLIS = 30_000;

	private final RelayContext relay;

	private final Map<PeerSession, Held> held = new ConcurrentHashMap<>();

	private volatile List<InetSocketAddress> relayAddresses = List.of();

	RelayReservations(RelayContext relay) {
		this.relay = relay;
	}

	/** Resolve the relays' addresses (at each start: names may move). */
	void started() {
		List<InetSocketAddress> resolved = new ArrayList<>();
		for (PeerAddress peer : this.relay.settings.peers()) {
			try {
				for (InetAddress address : InetAddress.getAllByName(peer.host())) {
					resolved.add(new InetSocketAddress(address, peer.port()));
				}
			}
			catch (UnknownHostException ex) {
				logger.warn("Relay " + peer + " (p2p.relay.peers) does not resolve now: " + ex.getMessage());
			}
		}
		this.relayAddresses = resolved;
	}

	/** Whether a session is with one of the configured relays: this node dialled it there. */
	boolean isConfiguredRelay(PeerSession session) {
		if (session.getDirection() != Direction.OUTBOUND || session.path() != SessionPath.DIRECT) {
			return false;
		}
		InetSocketAddress remote = session.getRemoteAddress();
		return this.relayAddresses.stream()
			.anyMatch((relay) -> relay.getPort() == remote.getPort() && relay.getAddress().equals(remote.getAddress()));
	}

	void sessionActive(PeerSession session) {
		if (isConfiguredRelay(session)) {
			this.held.put(session, new Held());
			reserve(session);
		}
	}

	private void reserve(PeerSession session) {
		if (session.isActive() && this.held.containsKey(session)) {
			this.relay.sendNow(session, RelayFrames.reserve(0));
		}
	}

	void granted(PeerSession session, RelayFrames.Reservation reservation) {
		Held current = this.held.get(session);
		if (current == null) {
			return; // not asked for (or the session ended meanwhile)
		}
		boolean first = current.expiresNanos == 0;
		current.seenAt = reservation.observedAddresses().isEmpty() ? null
				: reservation.observedAddresses().get(0).socketAddress();
		current.expiresNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(reservation.ttlSeconds());
		current.schedule(this.relay, () -> reserve(session), TimeUnit.SECONDS.toMillis(reservation.ttlSeconds()) / 2);
		if (first) {
			logger.info("Reservation on relay '" + session.getNodeId() + "' (" + session.getRemoteAddress() + ") for "
					+ reservation.ttlSeconds() + " s; circuits up to " + reservation.maxCircuitSeconds() + " s and "
					+ reservation.maxCircuitBytes() + " bytes; the relay sees this node at "
					+ ((current.seenAt != null) ? current.seenAt : "an address it cannot tell (link-local)"));
		}
	}

	void refused(PeerSession session, RelayFrames.Refusal refusal) {
		this.relay.report(refusal.reason(), session.getNodeId(), 0, refusal.text(), false);
		Held current = this.held.get(session);
		if (current != null) {
			current.expiresNanos = 0;
			current.schedule(this.relay, () -> reserve(session), RETRY_AFTER_REFUSAL_MILLIS);
		}
	}

	void sessionEnded(PeerSession session) {
		Held removed = this.held.remove(session);
		if (removed != null) {
			removed.cancel();
		}
	}

	/**
	 * Relay sessions to open circuits through: those with a reservation first, then the other
	 * configured relays this node is connected to.
	 * @return active relay sessions, best first
	 */
	List<PeerSession> relays() {
		long now = System.nanoTime();
		List<PeerSession> reserved = new ArrayList<>();
		List<PeerSession> others = new ArrayList<>();
		this.held.forEach((session, held) -> {
			if (session.isActive()) {
				(held.expiresNanos != 0 && held.expiresNanos - now > 0 ? reserved : others).add(session);
			}
		});
		reserved.addAll(others);
		return reserved;
	}

	/**
	 * The relays this node holds a reservation on now.
	 * @return their node ids
	 */
	List<String> reservedOn() {
		long now = System.nanoTime();
		List<String> ids = new ArrayList<>();
		this.held.forEach((session, held) -> {
			if (session.isActive() && held.expiresNanos != 0 && held.expiresNanos - now > 0) {
				ids.add(session.getNodeId());
			}
		});
		return ids;
	}

	/**
	 * Where each relay this node holds a reservation on sees it (from RESERVE_OK).
	 * @return relay node id to address
	 */
	Map<String, InetSocketAddress> seenAt() {
		long now = System.nanoTime();
		Map<String, InetSocketAddress> seen = new TreeMap<>();
		this.held.forEach((session, held) -> {
			InetSocketAddress address = held.seenAt;
			if (session.isActive() && held.expiresNanos != 0 && held.expiresNanos - now > 0 && address != null) {
				seen.put(session.getNodeId(), address);
			}
		});
		return seen;
	}

	/** A reservation held (or asked for) on one relay session. */
	private static final class Held {

		/** When it expires, 0 while not granted. */
		volatile long expiresNanos;

		/** Where the relay sees this node (its RESERVE_OK), or {@code null}. */
		volatile @Nullable InetSocketAddress seenAt;

		private volatile @Nullable ScheduledFuture<?> timer;

		void schedule(RelayContext relay, Runnable task, long millis) {
			cancel();
			try {
				this.timer = relay.engine().timers().schedule(task, millis, TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException ex) {
				// the node stops
			}
		}

		void cancel() {
			ScheduledFuture<?> current = this.timer;
			if (current != null) {
				current.cancel(false);
			}
		}

	}

}
