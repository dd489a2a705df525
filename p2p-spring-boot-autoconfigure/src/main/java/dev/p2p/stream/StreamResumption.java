package dev.p2p.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.StreamOutcome;
import dev.p2p.wire.StreamResumeFrames;
import dev.p2p.wire.StreamResumeFrames.Held;

/**
 * The steps of a resumable stream across a lost connection (docs/PROTOCOL.md §16.6): held while
 * the session is suspended, reported in STREAM_RESUME on the connection that resumed it, and
 * continued from what the other side reported in its own.
 */
final class StreamResumption {

	private StreamResumption() {
	}

	/**
	 * The connection is lost but the session may resume: resumable streams wait (a receiver's
	 * reads block, a sender's pump stops), the others fail with BROKEN as without resumption.
	 * @param streams the streams of the lost connection
	 * @param nodeId the peer
	 * @param detail why the connection ended
	 */
	static void suspend(SessionStreams streams, String nodeId, String detail) {
		String reason = "stream broken: peer '" + nodeId + "' disconnected (" + detail + ")";
		List<OutboundStream> sending;
		List<StreamInput> receiving;
		synchronized (streams) {
			if (streams.closed == null) {
				streams.closed = "disconnected";
			}
			sending = new ArrayList<>(streams.outbound.values());
			receiving = new ArrayList<>(streams.inbound.values());
		}
		for (OutboundStream stream : sending) {
			if (stream.resumable) {
				stream.pause(null);
			}
			else {
				stream.fail(StreamOutcome.BROKEN, reason, 0, null);
			}
		}
		for (StreamInput stream : receiving) {
			if (stream.resumable) {
				stream.hold();
			}
			else {
				stream.failed(StreamOutcome.BROKEN, stream.describe() + ": " + reason, reason);
			}
		}
	}

	/**
	 * Take over the streams of the session's previous connection; the peer's STREAM_RESUME is
	 * expected from now on.
	 * @param streams the streams of the connection that resumed the session
	 * @param carried what the previous connection held
	 */
	static void adopt(SessionStreams streams, CarriedStreams carried) {
		synchronized (streams) {
			streams.expectingResume = true;
			streams.lastOutboundId = (int) Math.max(Integer.toUnsignedLong(streams.lastOutboundId),
					Integer.toUnsignedLong(carried.lastOutboundId()));
			streams.lastInboundId = Math.max(streams.lastInboundId, carried.lastInboundId());
			carried.recentlyEnded().forEach(streams.recentlyEnded::putIfAbsent);
			for (OutboundStream stream : carried.sending()) {
				stream.pause(streams);
				streams.outbound.put(stream.id, stream);
			}
			for (StreamInput stream : carried.receiving()) {
				stream.adoptedBy(streams);
				streams.inbound.put(stream.getStreamId(), stream);
			}
		}
	}

	/** What this side reports in its STREAM_RESUME; the receiving streams' credit stays held. */
	private static StreamResumeFrames.Resume report(SessionStreams streams) {
		synchronized (streams) {
			List<Held> receiving = new ArrayList<>();
			for (StreamInput stream : streams.inbound.values()) {
				receiving.add(stream.snapshot());
			}
			streams.recentlyEnded.forEach((id, state) -> {
				if (receiving.size() < StreamResumeFrames.MAX_ENTRIES && !streams.inbound.containsKey(id)) {
					receiving.add(new Held(id, state, false, 0, 0));
				}
			});
			return new StreamResumeFrames.Resume(streams.lastInboundId, receiving,
					new ArrayList<>(streams.outbound.keySet()));
		}
	}

	/**
	 * Queue this side's STREAM_RESUME on the connection that resumed the session, then let the
	 * receiving streams grant credit there again.
	 * @param streams the streams of that connection (the previous connection's adopted)
	 * @param node the node, as that connection's streams see it
	 * @param session that connection
	 * @return {@code false} if there was no room to queue it
	 */
	static boolean announce(SessionStreams streams, StreamHost node, StreamSession session) {
		StreamResumeFrames.Resume report = report(streams);
		if (!session.offerNow(List.of(StreamResumeFrames.resume(report)))) {
			return false;
		}
		Map<Integer, Long> granted = new HashMap<>();
		for (Held held : report.receiving()) {
			granted.put(held.id(), held.granted());
		}
		for (StreamInput stream : streams.inbound.values()) {
			Long reported = granted.get(stream.getStreamId());
			if (reported != null) {
				stream.release(node, session, reported);
			}
		}
		return true;
	}

	/**
	 * The peer's STREAM_RESUME arrived (reader thread): each stream this node sends goes on from
	 * what the peer holds of it, or fails if the peer no longer has it; each stream it receives
	 * that the peer no longer sends fails.
	 * @param streams the streams of the connection it came on
	 * @param node the node, as those streams see it
	 * @param session the connection
	 * @param peer what the peer holds
	 * @return a protocol violation, or {@code null}
	 */
	static @Nullable String peerResumed(SessionStreams streams, StreamHost node, StreamSession session,
			StreamResumeFrames.Resume peer) {
		synchronized (streams) {
			if (!streams.expectingResume) {
				return "STREAM_RESUME on a connection that did not resume a session, or a second one";
			}
			streams.expectingResume = false;
		}
		Map<Integer, Held> held = new HashMap<>();
		for (Held entry : peer.receiving()) {
			held.put(entry.id(), entry);
		}
		String lost = "the receiver ended it while the connection was lost";
		for (OutboundStream stream : new ArrayList<>(streams.outbound.values())) {
			Held entry = held.get(stream.id);
			if (!stream.isCarried()) {
				// opened on this connection: the peer's report may predate it
				continue;
			}
			if (Integer.toUnsignedLong(stream.id) > peer.lastAccepted()) {
				if (!stream.reopen(new ResendWindow.Resumed(node, session, 0, false, true))) {
					stream.fail(StreamOutcome.BROKEN, "the receiver no longer had it when the session resumed", 0, null);
				}
			}
			else if (entry == null) {
				stream.fail(StreamOutcome.BROKEN, "the receiver no longer had it when the session resumed", 0, null);
			}
			else if (entry.state() == StreamResumeFrames.OPEN) {
				String violation = stream.resumeFrom(
						new ResendWindow.Resumed(node, session, entry.received(), entry.endArrived(), false),
						entry.granted());
				if (violation != null) {
					return violation;
				}
			}
			else if (entry.state() == StreamResumeFrames.DONE && stream.isEndQueued()) {
				stream.done();
			}
			else {
				stream.fail(StreamOutcome.CANCELLED, lost, 0, null);
			}
		}
		Set<Integer> sending = new HashSet<>(peer.sending());
		for (StreamInput stream : new ArrayList<>(streams.inbound.values())) {
			if (!stream.carried) {
				continue;
			}
			stream.carried = false;
			if (!sending.contains(stream.getStreamId())) {
				String reason = "stream broken: the sender did not keep it across the lost connection";
				stream.failed(StreamOutcome.BROKEN, stream.describe() + ": " + reason, reason);
			}
		}
		return null;
	}

}
