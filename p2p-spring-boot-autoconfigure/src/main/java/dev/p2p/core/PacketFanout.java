package dev.p2p.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import dev.p2p.node.PeerNode;
import dev.p2p.observation.PacketObservations;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.session.SessionSender;
import dev.p2p.wire.Frame;

/**
 * One packet to several peers, for {@link PacketTemplate}: encoded once and queued on each
 * session, as one {@code p2p.packet.send} observation. A list of node ids must all be connected
 * or nothing is sent; a broadcast skips a peer that left or has no room in time.
 * @param <T> the packet-type enum
 */
final class PacketFanout<T extends Enum<T>> {

	private static final String ALL_PEERS = "*";

	private final PeerNode node;

	private final PacketObservations observations;

	private final BiFunction<T, Object, Frame> frames;

	PacketFanout(PeerNode node, PacketObservations observations, BiFunction<T, Object, Frame> frames) {
		this.node = node;
		this.observations = observations;
		this.frames = frames;
	}

	/** Queue on several peers, all of them connected (else nothing is sent), waiting for room up to the timeout. */
	void send(Collection<String> nodeIds, T type, Object payload, @Nullable Duration timeout) {
		List<PeerSession> targets = sessions(nodeIds);
		this.observations.observeSend(type, target(targets), (trace) -> {
			Frame frame = this.frames.apply(type, payload);
			for (PeerSession peer : targets) {
				fanOut(peer, trace, frame, timeout);
			}
			return null;
		});
	}

	CompletableFuture<Void> sendAsync(Collection<String> nodeIds, T type, Object payload,
			@Nullable Duration timeout) {
		List<PeerSession> targets;
		try {
			targets = sessions(nodeIds);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return writtenToAll(type, target(targets), targets, payload,
				(timeout != null) ? timeout : this.node.sender().sendTimeout());
	}

	/** Queue on every connected peer; one without room in time (or gone) does not get it. */
	int broadcast(T type, Object payload, @Nullable Duration timeout) {
		return this.observations.observeSend(type, ALL_PEERS, (trace) -> {
			Frame frame = this.frames.apply(type, payload);
			int queued = 0;
			for (PeerSession session : this.node.getSessions()) {
				try {
					fanOut(session, trace, frame, timeout);
					queued++;
				}
				catch (PeerNotConnectedException | SendQueueFullException ex) {
					// disconnected since the snapshot was taken, or too slow: the others still get it
				}
			}
			return queued;
		});
	}

	/** Queue on every connected peer and tell when written to all. */
	CompletableFuture<Void> broadcastAsync(T type, Object payload, @Nullable Duration timeout) {
		return writtenToAll(type, ALL_PEERS, this.node.getSessions(), payload,
				(timeout != null) ? timeout : this.node.sender().sendTimeout());
	}

	private CompletableFuture<Void> writtenToAll(T type, String target, List<PeerSession> targets, Object payload,
			Duration timeout) {
		try {
			List<CompletableFuture<Void>> all = this.observations.observeSend(type, target,
					(trace) -> this.node.sender().send(targets, trace, this.frames.apply(type, payload), timeout));
			return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** Queue on one of the peers, never written on this thread; waits for room as {@link #queue} does. */
	private void fanOut(PeerSession peer, @Nullable Frame trace, Frame frame, @Nullable Duration timeout) {
		SessionSender sender = this.node.sender();
		sender.fanOut(peer, trace, frame, null, (timeout != null) ? timeout : sender.sendTimeout());
	}

	/** Queue on a session, waiting for room up to {@code timeout}, or {@code p2p.send.timeout} when null. */
	static void queue(SessionSender sender, PeerSession peer, @Nullable Frame trace, Frame frame,
			@Nullable CompletableFuture<Void> written, @Nullable Duration timeout) {
		if (timeout != null) {
			sender.send(peer, trace, frame, written, timeout);
		}
		else {
			sender.send(peer, trace, frame, written);
		}
	}

	private List<PeerSession> sessions(Collection<String> nodeIds) {
		List<PeerSession> targets = new ArrayList<>(nodeIds.size());
		List<String> missing = new ArrayList<>();
		for (String nodeId : nodeIds) {
			this.node.findSession(nodeId).ifPresentOrElse(targets::add, () -> missing.add(nodeId));
		}
		if (!missing.isEmpty()) {
			throw new PeerNotConnectedException("Not connected to " + missing + "; nothing was sent");
		}
		return targets;
	}

	private static String target(List<PeerSession> targets) {
		return (targets.size() == 1) ? targets.get(0).getNodeId() : ALL_PEERS;
	}

}
