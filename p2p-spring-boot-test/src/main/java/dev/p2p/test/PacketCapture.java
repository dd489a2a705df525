package dev.p2p.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;

/**
 * What a {@link TestPeer} received, in arrival order, and how it answers. Registered as the
 * listener of every packet type of the test peer's node. Bounded: after {@link #LIMIT} packets
 * nothing more is kept, and the next expectation fails saying so.
 */
final class PacketCapture {

	/** Most packets kept. */
	static final int LIMIT = 10_000;

	private final List<Entry> entries = new ArrayList<>();

	private final Map<Enum<?>, Function<Packet, @Nullable PacketReply>> answers = new ConcurrentHashMap<>();

	private long dropped;

	/**
	 * The listener method, for every packet type.
	 * @param packet what arrived
	 * @param from its sender
	 * @return the scripted answer, if any
	 */
	public @Nullable PacketReply onPacket(Packet packet, PeerSession from) {
		synchronized (this) {
			if (this.entries.size() < LIMIT) {
				this.entries.add(new Entry(packet, from.getNodeId(), Instant.now()));
			}
			else {
				this.dropped++;
			}
		}
		Function<Packet, @Nullable PacketReply> answer = this.answers.get(packet.type());
		return (answer != null) ? answer.apply(packet) : null;
	}

	void answer(Enum<?> type, Function<Packet, @Nullable PacketReply> answer) {
		this.answers.put(type, answer);
	}

	/**
	 * Take the first packet of a type not taken yet that the predicate accepts.
	 */
	synchronized @Nullable Entry take(Enum<?> type, Predicate<Entry> accepted) {
		checkNotOverflowed();
		for (Entry entry : this.entries) {
			if (!entry.taken && entry.packet.type() == type && accepted.test(entry)) {
				entry.taken = true;
				return entry;
			}
		}
		return null;
	}

	synchronized boolean hasUntaken(Enum<?> type) {
		return this.entries.stream().anyMatch((entry) -> !entry.taken && entry.packet.type() == type);
	}

	synchronized List<Entry> all(Enum<?> type) {
		checkNotOverflowed();
		return this.entries.stream().filter((entry) -> entry.packet.type() == type).toList();
	}

	/** Counts per type, for failure messages. */
	synchronized String summary() {
		Map<String, Integer> counts = new TreeMap<>();
		for (Entry entry : this.entries) {
			counts.merge(entry.packet.type().name() + (entry.taken ? " (expected already)" : ""), 1, Integer::sum);
		}
		return counts.isEmpty() ? "nothing" : counts.toString();
	}

	private void checkNotOverflowed() {
		if (this.dropped > 0) {
			throw new AssertionError("The test peer received more than " + LIMIT + " packets and dropped "
					+ this.dropped + "; expect them as they come or use fewer");
		}
	}

	/** One received packet. */
	static final class Entry {

		final Packet packet;

		final String from;

		final Instant at;

		boolean taken;

		Entry(Packet packet, String from, Instant at) {
			this.packet = packet;
			this.from = from;
			this.at = at;
		}

	}

}
