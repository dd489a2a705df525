package dev.p2p.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.PeerLostEvent;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.SessionPath;

/**
 * Peers known through discovery, from every source: publishes {@link PeerDiscoveredEvent} for
 * a new one and {@link PeerLostEvent} for one that expired, and (with auto-connect) hands each
 * to the node's dialer, which redials it with backoff like a static peer until it is lost. No
 * new peer is dialled while the node has {@code maxPeers} sessions; it is dialled at a later
 * sweep when there is room.
 */
final class DiscoveredPeers {

	private static final Log logger = LogFactory.getLog(DiscoveredPeers.class);

	private final PeerNode node;

	private final ApplicationEventPublisher publisher;

	private final PeerMetrics metrics;

	private final boolean autoConnect;

	private final int maxPeers;

	private final Duration yieldDelay;

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	/** Most entries kept; a new peer beyond it is not added until others expire. */
	private final int capacity;

	/**
	 * Create the table.
	 * @param yieldDelay how long a node waits before dialling a peer whose node id sorts before
	 * its own: two nodes that discover each other at once would otherwise both dial, and the
	 * handshake would close one connection of the two as a duplicate
	 */
	DiscoveredPeers(PeerNode node, ApplicationEventPublisher publisher, PeerMetrics metrics, boolean autoConnect,
			int maxPeers, Duration yieldDelay) {
		this.yieldDelay = yieldDelay;
		this.node = node;
		this.publisher = publisher;
		this.metrics = metrics;
		this.autoConnect = autoConnect;
		this.maxPeers = maxPeers;
		this.capacity = capacityFor(maxPeers);
	}

	/**
	 * How many peers discovery keeps at most.
	 * @param maxPeers most peers it connects to
	 * @return eight times that, at least 256
	 */
	static int capacityFor(int maxPeers) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(256L, 8L * maxPeers));
	}

	/**
	 * A source reported a peer (again).
	 * @param source the source
	 * @param nodeId its node id, {@code null} if unknown (DNS)
	 * @param instanceId the process instance that adverts it, {@code null} if unknown
	 * @param address where it listens
	 * @return {@code false} if it is new and the table is full, so it was not added
	 */
	boolean seen(DiscoverySource source, @Nullable String nodeId, @Nullable String instanceId, PeerAddress address) {
		List<Runnable> after = new ArrayList<>(2);
		synchronized (this) {
			String key = key(source, nodeId, address);
			Entry entry = this.entries.get(key);
			boolean restarted = entry != null && instanceId != null && !instanceId.equals(entry.instanceId);
			if (entry != null && !restarted) {
				// the same node heard again, perhaps through another interface: keep its first address
				entry.lastSeen = System.nanoTime();
				return true;
			}
			if (entry == null && this.entries.size() >= this.capacity) {
				return false;
			}
			if (entry != null) {
				// the node restarted (maybe on another port): forget the old one
				this.entries.remove(key);
				after.add(forget(entry, "restarted at " + address));
			}
			Entry added = new Entry(source, nodeId, instanceId, address);
			this.entries.put(key, added);
			logger.info("Discovered peer " + describe(added) + " (" + source.tag() + ")");
			this.metrics.discoveryPeerChanged(source, false);
			after.add(() -> publish(new PeerDiscoveredEvent(this.node, nodeId, address, source)));
			after.add(() -> dialIfRoom(added));
		}
		after.forEach(Runnable::run);
		return true;
	}

	/**
	 * A source reports the complete set of its peers (DNS): the others of that source are lost.
	 * @param source the source
	 * @param addresses every address it knows now
	 */
	void seenExactly(DiscoverySource source, Set<PeerAddress> addresses) {
		addresses.forEach((address) -> seen(source, null, null, address));
		expire(source, (entry) -> !addresses.contains(entry.address), "no longer resolved");
	}

	/**
	 * Forget peers of a source not seen for a while, and dial waiting ones if there is room.
	 * @param source the source
	 * @param maxAge how long a peer may go unseen
	 */
	void sweep(DiscoverySource source, Duration maxAge) {
		long oldest = System.nanoTime() - maxAge.toNanos();
		expire(source, (entry) -> entry.lastSeen - oldest < 0, "not seen for " + maxAge.toMillis() + " ms");
		List<Entry> waiting;
		synchronized (this) {
			waiting = this.entries.values().stream().filter((entry) -> !entry.dialled).toList();
		}
		waiting.forEach(this::dialIfRoom);
	}

	/**
	 * Stop redialling every discovered peer (discovery is stopping).
	 */
	synchronized void clear() {
		for (Entry entry : this.entries.values()) {
			if (entry.dialled) {
				this.node.stopKeepingConnected(entry.address);
			}
		}
		this.entries.clear();
	}

	/**
	 * How many peers are known now.
	 * @return the count
	 */
	synchronized int size() {
		return this.entries.size();
	}

	/**
	 * Snapshot of the known peers.
	 * @return their addresses
	 */
	synchronized Collection<PeerAddress> addresses() {
		return this.entries.values().stream().map((entry) -> entry.address).toList();
	}

	private void expire(DiscoverySource source, Predicate<Entry> gone, String why) {
		List<Runnable> after = new ArrayList<>();
		synchronized (this) {
			Iterator<Entry> iterator = this.entries.values().iterator();
			while (iterator.hasNext()) {
				Entry entry = iterator.next();
				if (entry.source == source && gone.test(entry)) {
					iterator.remove();
					after.add(forget(entry, why));
				}
			}
		}
		after.forEach(Runnable::run);
	}

	private Runnable forget(Entry entry, String why) {
		logger.info("Lost peer " + describe(entry) + " (" + entry.source.tag() + "): " + why);
		this.metrics.discoveryPeerChanged(entry.source, true);
		boolean stillKnown = this.entries.values().stream().anyMatch((other) -> other.address.equals(entry.address));
		if (entry.dialled && !stillKnown) {
			this.node.stopKeepingConnected(entry.address);
		}
		return () -> publish(new PeerLostEvent(this.node, entry.nodeId, entry.address, entry.source));
	}

	private void dialIfRoom(Entry entry) {
		if (!this.autoConnect) {
			return;
		}
		synchronized (this) {
			if (entry.dialled || this.entries.get(key(entry.source, entry.nodeId, entry.address)) != entry) {
				return;
			}
			boolean connected = isConnected(entry);
			// dials under way count too: made-up adverts must not start hundreds of dials
			long dialling = this.entries.values().stream().filter((other) -> other.dialled && !isConnected(other)).count();
			if (!connected && this.node.getSessions().size() + dialling >= this.maxPeers) {
				return;
			}
			entry.dialled = true;
		}
		boolean yields = entry.nodeId != null && entry.nodeId.compareTo(this.node.getNodeId()) < 0;
		Duration delay = yields ? this.yieldDelay : Duration.ZERO;
		String nodeId = entry.nodeId;
		if (entry.source != DiscoverySource.PEER_EXCHANGE || nodeId == null) {
			this.node.keepConnected(entry.address, delay);
			return;
		}
		// a peer that another node reports may be behind a NAT, its address unreachable from here: dial it
		// once, then by node id through the relays; only when neither works, redial its address with backoff
		CompletableFuture
			.runAsync(() -> {
			}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
			.thenCompose((ignored) -> this.node.connect(entry.address))
			.exceptionallyCompose((direct) -> this.node.connect(nodeId))
			.whenComplete((session, failure) -> {
				if (failure == null && session.path() == SessionPath.RELAYED) {
					logger.info("Reached '" + nodeId + "' through relay '" + session.relay() + "' (its address "
							+ entry.address + " did not answer)");
				}
				else {
					this.node.keepConnected(entry.address, delay);
				}
			});
	}

	private boolean isConnected(Entry entry) {
		return entry.nodeId != null && this.node.findSession(entry.nodeId).isPresent();
	}

	private void publish(Object event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

	private static String key(DiscoverySource source, @Nullable String nodeId, PeerAddress address) {
		return source.name() + "/" + ((nodeId != null) ? nodeId : address.toString());
	}

	private static String describe(Entry entry) {
		return (entry.nodeId != null) ? "'" + entry.nodeId + "' at " + entry.address : entry.address.toString();
	}

	private static final class Entry {

		final DiscoverySource source;

		final @Nullable String nodeId;

		final @Nullable String instanceId;

		final PeerAddress address;

		long lastSeen = System.nanoTime();

		boolean dialled;

		Entry(DiscoverySource source, @Nullable String nodeId, @Nullable String instanceId, PeerAddress address) {
			this.source = source;
			this.nodeId = nodeId;
			this.instanceId = instanceId;
			this.address = address;
		}

	}

}
