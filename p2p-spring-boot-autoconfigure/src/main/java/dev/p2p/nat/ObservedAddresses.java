package dev.p2p.nat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.p2p.peer.Reachability;
import dev.p2p.reach.AddressKind;
import dev.p2p.reach.ReachableAddress;

/**
 * The addresses peers saw this node's connections come from, and what dial-backs made of them.
 * One peer's word is never enough: an address becomes a candidate once {@value #MIN_OBSERVERS}
 * distinct peers reported it, a candidate is only asked to be dialled back, and only a dial-back
 * whose probe arrived on this node's listener makes it {@link AddressKind#CONFIRMED}, the one
 * kind the node advertises as its own. So a peer that claims the node is somewhere else (a
 * forged observation) can make it advertise nothing. Bounded: at most {@value #MAX_ADDRESSES}
 * addresses are remembered, the least observed unconfirmed one gives way. Thread-safe.
 */
public final class ObservedAddresses {

	/** Distinct observers before an address is a candidate for a dial-back. */
	public static final int MIN_OBSERVERS = 2;

	/** Most addresses remembered. */
	public static final int MAX_ADDRESSES = 16;

	/** Most observers remembered per address (enough to count to {@link #MIN_OBSERVERS}). */
	private static final int MAX_OBSERVERS = 8;

	private enum State {
		OBSERVED, CONFIRMED, UNREACHABLE
	}

	private static final class Entry {

		final Set<String> observers = new LinkedHashSet<>();

		State state = State.OBSERVED;

	}

	private final Map<InetSocketAddress, Entry> entries = new LinkedHashMap<>();

	private final BiConsumer<Reachability, Reachability> reachabilityListener;

	private Reachability reachability = Reachability.UNKNOWN;

	/**
	 * Create an empty set of observations.
	 * @param reachabilityListener told (previous, current) when the reachability changes, outside
	 * this object's lock
	 */
	public ObservedAddresses(BiConsumer<Reachability, Reachability> reachabilityListener) {
		this.reachabilityListener = reachabilityListener;
	}

	/**
	 * A peer observed this node at an address.
	 * @param observer the peer's node id
	 * @param address what it saw
	 * @return {@code true} when the address is an unconfirmed candidate and this observer is new
	 * to it (time to ask this observer for a dial-back)
	 */
	public boolean observe(String observer, InetSocketAddress address) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(address);
			if (entry == null) {
				if (this.entries.size() >= MAX_ADDRESSES && !evictOne()) {
					return false;
				}
				entry = new Entry();
				this.entries.put(address, entry);
			}
			boolean added = entry.observers.size() < MAX_OBSERVERS && entry.observers.add(observer);
			// each new observer of a candidate may be asked: one that is busy or refuses does not end the matter
			return added && entry.state == State.OBSERVED && entry.observers.size() >= MIN_OBSERVERS;
		}
	}

	private boolean evictOne() {
		InetSocketAddress weakest = this.entries.entrySet()
			.stream()
			.filter((e) -> e.getValue().state != State.CONFIRMED)
			.min(Comparator.comparingInt((Map.Entry<InetSocketAddress, Entry> e) -> e.getValue().observers.size()))
			.map(Map.Entry::getKey)
			.orElse(null);
		if (weakest == null) {
			return false;
		}
		this.entries.remove(weakest);
		return true;
	}

	/**
	 * Candidates to be dialled back: seen by enough peers, not confirmed yet.
	 * @return the addresses
	 */
	public List<InetSocketAddress> candidates() {
		synchronized (this.entries) {
			List<InetSocketAddress> candidates = new ArrayList<>();
			this.entries.forEach((address, entry) -> {
				if (entry.state != State.CONFIRMED && entry.observers.size() >= MIN_OBSERVERS) {
					candidates.add(address);
				}
			});
			return candidates;
		}
	}

	/**
	 * A dial-back reached the node at an address (its probe arrived on this node's listener).
	 * @param address the address dialled
	 */
	public void confirmed(InetSocketAddress address) {
		update(address, State.CONFIRMED);
	}

	/**
	 * A dial-back of an address failed.
	 * @param address the address dialled
	 */
	public void unreachable(InetSocketAddress address) {
		update(address, State.UNREACHABLE);
	}

	private void update(InetSocketAddress address, State state) {
		Reachability previous;
		Reachability current;
		synchronized (this.entries) {
			Entry entry = this.entries.get(address);
			if (entry == null || entry.state == State.CONFIRMED && state == State.UNREACHABLE) {
				// a confirmed address stays so until it is forgotten; one failed dial-back does not undo it
				return;
			}
			entry.state = state;
			previous = this.reachability;
			boolean anyConfirmed = this.entries.values().stream().anyMatch((e) -> e.state == State.CONFIRMED);
			boolean anyUnreachable = this.entries.values().stream().anyMatch((e) -> e.state == State.UNREACHABLE);
			current = anyConfirmed ? Reachability.PUBLIC : anyUnreachable ? Reachability.PRIVATE : Reachability.UNKNOWN;
			this.reachability = current;
		}
		if (previous != current) {
			this.reachabilityListener.accept(previous, current);
		}
	}

	/**
	 * Whether the node can be dialled from outside, as far as dial-backs tell.
	 * @return the reachability
	 */
	public Reachability reachability() {
		synchronized (this.entries) {
			return this.reachability;
		}
	}

	/**
	 * Addresses the node may advertise as its own: confirmed ones only.
	 * @return the confirmed addresses
	 */
	public List<ReachableAddress> confirmedAddresses() {
		return addresses(true);
	}

	/**
	 * Every remembered address, observed or confirmed, for hole punching (where the other end
	 * only tries them) and for the actuator.
	 * @return the addresses, each with its kind
	 */
	public List<ReachableAddress> allAddresses() {
		return addresses(false);
	}

	private List<ReachableAddress> addresses(boolean confirmedOnly) {
		synchronized (this.entries) {
			List<ReachableAddress> addresses = new ArrayList<>();
			this.entries.forEach((address, entry) -> {
				boolean confirmed = entry.state == State.CONFIRMED;
				if ((confirmed || !confirmedOnly) && address.getAddress() != null) {
					addresses.add(new ReachableAddress(address.getAddress(), address.getPort(),
							confirmed ? AddressKind.CONFIRMED : AddressKind.OBSERVED));
				}
			});
			return addresses;
		}
	}

	/**
	 * For the actuator: each address with its state and the number of peers that reported it.
	 * @return {@code host:port (state, n observers)} lines
	 */
	public List<String> describe() {
		synchronized (this.entries) {
			List<String> lines = new ArrayList<>();
			this.entries.forEach((address, entry) -> lines.add(format(address) + " ("
					+ entry.state.name().toLowerCase(java.util.Locale.ROOT) + ", " + entry.observers.size()
					+ (entry.observers.size() == 1 ? " observer)" : " observers)")));
			return lines;
		}
	}

	static String format(InetSocketAddress address) {
		String host = (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
