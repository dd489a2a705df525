package dev.p2p.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;

/**
 * Every circuit id in use on this node's hop sessions, whatever role the node plays in it
 * (relay, opener or target): circuit frames name only the hop and the id, so one table decides
 * who gets a frame, and a frame for an id nobody set up goes nowhere.
 * <p>
 * Ids are chosen by whoever sends the CIRCUIT_OPEN (bit 31 clear) or CIRCUIT_INCOMING (bit 31
 * set) on a hop, at random among the ids free in this table; the other end refuses an id it
 * already uses on that hop.
 */
final class CircuitTable {

	private static final int INCOMING_BIT = 0x8000_0000;

	private final Map<Key, CircuitEnd> ends = new ConcurrentHashMap<>();

	/**
	 * Register a new end under a fresh id.
	 * @param hop the hop session
	 * @param incoming {@code true} for an id sent in CIRCUIT_INCOMING (relay side)
	 * @param end its owner
	 * @return the id
	 */
	int allocate(PeerSession hop, boolean incoming, CircuitEnd end) {
		while (true) {
			int id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE) | (incoming ? INCOMING_BIT : 0);
			if (this.ends.putIfAbsent(new Key(hop, id), end) == null) {
				return id;
			}
		}
	}

	/**
	 * Register an end under the id the other end of the hop chose.
	 * @return {@code false} if that id is in use on the hop
	 */
	boolean register(PeerSession hop, int id, CircuitEnd end) {
		return id != 0 && this.ends.putIfAbsent(new Key(hop, id), end) == null;
	}

	@Nullable CircuitEnd find(PeerSession hop, int id) {
		return this.ends.get(new Key(hop, id));
	}

	void remove(PeerSession hop, int id, CircuitEnd end) {
		this.ends.remove(new Key(hop, id), end);
	}

	/**
	 * Remove and return every end on a hop (it ended).
	 * @param hop the hop session
	 * @return the ends it carried
	 */
	List<CircuitEnd> removeHop(PeerSession hop) {
		List<CircuitEnd> removed = new ArrayList<>();
		this.ends.entrySet().removeIf((entry) -> {
			if (entry.getKey().hop() == hop) {
				removed.add(entry.getValue());
				return true;
			}
			return false;
		});
		return removed;
	}

	/**
	 * Every end registered now.
	 * @return a snapshot, an end may appear twice (relayed circuits have two ids)
	 */
	List<CircuitEnd> all() {
		return new ArrayList<>(this.ends.values());
	}

	/** A hop session (by identity) and a circuit id on it. */
	private record Key(PeerSession hop, int id) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && key.hop == this.hop && key.id == this.id;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.hop) * 31 + this.id;
		}

	}

}
