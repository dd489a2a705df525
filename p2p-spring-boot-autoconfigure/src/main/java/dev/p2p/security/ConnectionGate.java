package dev.p2p.security;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.Limit;

/**
 * Admission of inbound connections before a single byte is read: at most
 * {@code maxConnections} open at once (handshaking ones included), at most
 * {@code maxPerAddress} from one address, at most {@code maxHandshaking} still in their handshake
 * (and {@code maxHandshakingPerAddress} from one address), and new connections from one address at most at
 * {@code ratePerSecond} with bursts of {@code burst} (a token bucket per address). Buckets that
 * have refilled are swept, so the map stays as small as the set of recently active addresses.
 */
public final class ConnectionGate {

	private final int maxConnections;

	private final int maxPerAddress;

	private final double ratePerNano;

	private final int burst;

	private final LongSupplier clock;

	private final Map<InetAddress, Entry> addresses = new HashMap<>();

	private final int maxHandshaking;

	private final int maxHandshakingPerAddress;

	private int open;

	private int handshaking;

	/**
	 * Create a gate.
	 * @param maxConnections most open inbound connections, 0 for no limit
	 * @param maxPerAddress most open inbound connections from one address, 0 for no limit
	 * @param ratePerSecond new connections per second per address, 0 for no limit
	 * @param burst connections an address may open at once before the rate applies
	 * @param clock nanosecond clock ({@link System#nanoTime()})
	 */
	public ConnectionGate(int maxConnections, int maxPerAddress, double ratePerSecond, int burst, LongSupplier clock) {
		this(maxConnections, maxPerAddress, ratePerSecond, burst, 0, 0, clock);
	}

	/**
	 * Create a gate that also caps connections still in their handshake: each costs a reader
	 * and a timer until it proves itself, so a flood of connections that never complete a
	 * handshake must not take more than a few.
	 * @param maxConnections most open inbound connections, 0 for no limit
	 * @param maxPerAddress most open inbound connections from one address, 0 for no limit
	 * @param ratePerSecond new connections per second per address, 0 for no limit
	 * @param burst connections an address may open at once before the rate applies
	 * @param maxHandshaking most connections in their handshake at once, 0 for no limit
	 * @param maxHandshakingPerAddress most connections from one address in their handshake, 0
	 * for no limit
	 * @param clock nanosecond clock ({@link System#nanoTime()})
	 */
	public ConnectionGate(int maxConnections, int maxPerAddress, double ratePerSecond, int burst, int maxHandshaking,
			int maxHandshakingPerAddress, LongSupplier clock) {
		this.maxHandshaking = maxHandshaking;
		this.maxHandshakingPerAddress = maxHandshakingPerAddress;
		this.maxConnections = maxConnections;
		this.maxPerAddress = maxPerAddress;
		this.ratePerNano = ratePerSecond / 1e9;
		this.burst = Math.max(1, burst);
		this.clock = clock;
	}

	/**
	 * Admit a new connection, counting it as open, or say which limit refuses it.
	 * @param address the remote address
	 * @return {@code null} if admitted (call {@link #release} when it closes), otherwise the violation
	 */
	public @Nullable Violation admit(InetAddress address) {
		return admit(address, () -> false);
	}

	/**
	 * Admit a new connection, counting it as open, or say which limit refuses it; when every
	 * handshaking slot is taken, first ask {@code makeRoom} to end an older handshake.
	 * @param address the remote address
	 * @param makeRoom frees a handshaking slot (by calling {@link #handshakeEnded}) and answers
	 * {@code true}, or answers {@code false} if no handshake may be ended for the newcomer
	 * @return {@code null} if admitted (call {@link #release} when it closes), otherwise the violation
	 */
	public synchronized @Nullable Violation admit(InetAddress address, BooleanSupplier makeRoom) {
		long now = this.clock.getAsLong();
		Entry entry = this.addresses.computeIfAbsent(address, (key) -> new Entry(this.burst, now));
		if (this.ratePerNano > 0) {
			entry.refill(now, this.ratePerNano, this.burst);
			if (entry.tokens < 1) {
				return new Violation(Limit.CONNECTION_RATE, "more than " + rate() + " new connections per second from "
						+ address.getHostAddress() + " (p2p.limits.connection-rate)");
			}
		}
		if (this.maxConnections > 0 && this.open >= this.maxConnections) {
			entry.spend(this.ratePerNano > 0);
			return new Violation(Limit.MAX_CONNECTIONS,
					"connection limit of " + this.maxConnections + " open connections reached (p2p.limits.max-connections)");
		}
		if (this.maxPerAddress > 0 && entry.open >= this.maxPerAddress) {
			entry.spend(this.ratePerNano > 0);
			return new Violation(Limit.MAX_CONNECTIONS_PER_ADDRESS, "limit of " + this.maxPerAddress
					+ " open connections from " + address.getHostAddress() + " reached (p2p.limits.max-connections-per-address)");
		}
		if (this.maxHandshaking > 0 && this.handshaking >= this.maxHandshaking && !makeRoom.getAsBoolean()) {
			entry.spend(this.ratePerNano > 0);
			return new Violation(Limit.MAX_HANDSHAKING, "limit of " + this.maxHandshaking
					+ " connections still in their handshake reached (p2p.limits.max-handshaking)");
		}
		if (this.maxHandshakingPerAddress > 0 && entry.handshaking >= this.maxHandshakingPerAddress) {
			entry.spend(this.ratePerNano > 0);
			return new Violation(Limit.MAX_HANDSHAKING_PER_ADDRESS, "limit of " + this.maxHandshakingPerAddress
					+ " connections from " + address.getHostAddress()
					+ " still in their handshake reached (p2p.limits.max-handshaking-per-address)");
		}
		entry.spend(this.ratePerNano > 0);
		entry.open++;
		this.open++;
		if (this.maxHandshaking > 0 || this.maxHandshakingPerAddress > 0) {
			entry.handshaking++;
			this.handshaking++;
		}
		return null;
	}

	/**
	 * An admitted connection completed its handshake (or closed during it): it no longer counts
	 * against the handshaking limits. Call at most once per admitted connection.
	 * @param address its remote address
	 */
	public synchronized void handshakeEnded(InetAddress address) {
		Entry entry = this.addresses.get(address);
		if (entry != null && entry.handshaking > 0) {
			entry.handshaking--;
			this.handshaking--;
		}
	}

	/**
	 * An admitted connection closed.
	 * @param address its remote address
	 */
	public synchronized void release(InetAddress address) {
		Entry entry = this.addresses.get(address);
		if (entry != null && entry.open > 0) {
			entry.open--;
			this.open--;
		}
	}

	/**
	 * Forget addresses with no open connection whose bucket is full again.
	 */
	public synchronized void sweep() {
		long now = this.clock.getAsLong();
		for (Iterator<Entry> it = this.addresses.values().iterator(); it.hasNext();) {
			Entry entry = it.next();
			entry.refill(now, this.ratePerNano, this.burst);
			if (entry.open == 0 && entry.handshaking == 0 && (this.ratePerNano == 0 || entry.tokens >= this.burst)) {
				it.remove();
			}
		}
	}

	/**
	 * Open inbound connections counted now.
	 * @return the count
	 */
	public synchronized int openConnections() {
		return this.open;
	}

	/**
	 * Addresses tracked now (for tests and diagnostics).
	 * @return the count
	 */
	public synchronized int trackedAddresses() {
		return this.addresses.size();
	}

	private String rate() {
		double perSecond = this.ratePerNano * 1e9;
		return (perSecond == Math.rint(perSecond)) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
	}

	/**
	 * A refused connection.
	 *
	 * @param limit the limit that refused it
	 * @param detail the reason in words
	 */
	public record Violation(Limit limit, String detail) {

	}

	private static final class Entry {

		double tokens;

		long refilledAt;

		int open;

		int handshaking;

		Entry(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		void refill(long now, double ratePerNano, int burst) {
			if (ratePerNano > 0) {
				this.tokens = Math.min(burst, this.tokens + (now - this.refilledAt) * ratePerNano);
			}
			this.refilledAt = now;
		}

		void spend(boolean limited) {
			if (limited) {
				this.tokens -= 1;
			}
		}

	}

}
