package dev.p2p.stream;

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
		SessionStreams.Carried held = streams.stopOpening();
		for (OutboundStream stream : held.sending()) {
			if (stream.resumable) {
				stream.pause();
			}
			else {
				stream.fail(StreamOutcome.BROKEN, reason, 0, null);
			}
		}
		for (StreamInput stream : held.receiving()) {
			if (stream.resumable) {
				stream.hold();
			}
			else {
				stream.failed(StreamOutcome.BROKEN, stream.describe() + ": " + reason, reason);
			}
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
		StreamResumeFrames.Resume report = streams.report();
		if (!session.offerNow(List.of(StreamResumeFrames.resume(report)))) {
			return false;
		}
		Map<Integer, Long> granted = new HashMap<>();
		for (Held held : report.receiving()) {
			granted.put(held.id(), held.granted());
		}
		for (StreamInput stream : streams.receiving()) {
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
		if (!streams.peerResumeExpected()) {
			return "STREAM_RESUME on a connection that did not resume a session";
		}
		Map<Integer, Held> held = new HashMap<>();
		for (Held entry : peer.receiving()) {
			held.put(entry.id(), entry);
		}
		String lost = "the receiver ended it while the connection was lost";
		for (OutboundStream stream : streams.sending()) {
			Held entry = held.get(stream.id);
			if (!stream.carried) {
				// opened on this connection: the peer's report may predate it
				continue;
			}
			if (Integer.toUnsignedLong(stream.id) > peer.lastAccepted()) {
				stream.reopen(node, session);
			}
			else if (entry == null) {
				stream.fail(StreamOutcome.BROKEN, "the receiver no longer had it when the session resumed", 0, null);
			}
			else if (entry.state() == StreamResumeFrames.OPEN) {
				String violation = stream.resumeFrom(node, session, entry.received(), entry.granted(),
						entry.endArrived());
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
		for (StreamInput stream : streams.receiving()) {
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
