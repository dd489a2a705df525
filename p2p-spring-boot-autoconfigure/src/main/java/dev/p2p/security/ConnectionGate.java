package dev.p2p.security;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.Limit;

/**
 * Admission of inbound connections before a single byte is read: at most
 * {@code maxConnections} open at once (handshaking ones included), at most
 * {@code maxPerAddress} from one address, and new connections from one address at most at
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

	private int open;

	/**
	 * Create a gate.
	 * @param maxConnections most open inbound connections, 0 for no limit
	 * @param maxPerAddress most open inbound connections from one address, 0 for no limit
	 * @param ratePerSecond new connections per second per address, 0 for no limit
	 * @param burst connections an address may open at once before the rate applies
	 * @param clock nanosecond clock ({@link System#nanoTime()})
	 */
	public ConnectionGate(int maxConnections, int maxPerAddress, double ratePerSecond, int burst, LongSupplier clock) {
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
	public synchronized @Nullable Violation admit(InetAddress address) {
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
		entry.spend(this.ratePerNano > 0);
		entry.open++;
		this.open++;
		return null;
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
			if (entry.open == 0 && (this.ratePerNano == 0 || entry.tokens >= this.burst)) {
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
