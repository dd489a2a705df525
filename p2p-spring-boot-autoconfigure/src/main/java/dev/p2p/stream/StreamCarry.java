package dev.p2p.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams of each peer's resumable session (acknowledged delivery, docs/PROTOCOL.md §16.6),
 * across its connections: which connection holds them, the ids this node used with the peer, and
 * the steps when a connection ends, when the session resumes on another one or starts fresh,
 * and when it expires. One per node.
 */
public final class StreamCarry {

	/** The streams of the connection that last resumed (or started) each peer's session, by node id. */
	private final Map<String, SessionStreams> latest = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> lastIds = new ConcurrentHashMap<>();

	/**
	 * The id of the next stream to a peer whose session can resume: above every id used in it,
	 * so a stream opened on a new connection never takes the id of one it adopts.
	 * @param nodeId the peer
	 * @param last the last id used on the connection
	 * @return the id
	 */
	public int nextId(String nodeId, int last) {
		return this.lastIds.computeIfAbsent(nodeId, (id) -> new AtomicInteger())
			.updateAndGet((previous) -> Math.max(previous, last) + 1);
	}

	/**
	 * A connection of a session with acknowledged delivery ended.
	 * @param nodeId the peer
	 * @param streams the connection's streams
	 * @param mayResume whether the session is suspended rather than over (this node did not close it)
	 * @param detail why it ended
	 */
	public void ended(String nodeId, SessionStreams streams, boolean mayResume, String detail) {
		if (mayResume && this.latest.get(nodeId) == streams) {
			StreamResumption.suspend(streams, nodeId, detail);
		}
		else {
			streams.closeAll(nodeId, detail);
		}
	}

	/**
	 * The RESUME exchange on a connection decided (docs/PROTOCOL.md §16.4): when resumed, its
	 * streams adopt the previous connection's, else those fail. Called before this side's
	 * RESUME is queued, or before the reader goes on past the peer's, so that no stream frame
	 * the peer sends after its RESUME finds the streams missing.
	 * @param nodeId the peer
	 * @param streams the connection's streams
	 * @param resumed whether the session resumed (else it starts fresh)
	 * @return what to run outside the caller's locks: failing the streams a fresh session drops
	 */
	public Runnable decided(String nodeId, SessionStreams streams, boolean resumed) {
		SessionStreams previous = this.latest.put(nodeId, streams);
		CarriedStreams carried = (previous != null && previous != streams) ? CarriedStreams.take(previous, "disconnected")
				: CarriedStreams.NONE;
		if (resumed) {
			StreamResumption.adopt(streams, carried);
			return () -> {
			};
		}
		return () -> carried.breakAll("stream broken: peer '" + nodeId
				+ "' did not resume the session (it restarted, or forgot the session): a fresh one started");
	}

	/**
	 * After {@link #decided} resumed and this side's RESUME was queued: queue STREAM_RESUME.
	 * @param streams the connection's streams
	 * @param node the node, as those streams see it
	 * @param session the connection
	 * @return {@code false} if there was no room to queue it (the connection cannot go on)
	 */
	public boolean announce(SessionStreams streams, StreamHost node, StreamSession session) {
		return StreamResumption.announce(streams, node, session);
	}

	/**
	 * The node is stopping: every stream still held for a suspended session fails with BROKEN.
	 * @param reason why
	 */
	public void stopping(String reason) {
		for (String nodeId : this.latest.keySet()) {
			SessionStreams previous = this.latest.remove(nodeId);
			if (previous != null) {
				CarriedStreams.take(previous, "disconnected")
					.breakAll("stream broken: the session with peer '" + nodeId + "' was suspended: " + reason);
			}
		}
	}

	/**
	 * The peer's session expired (or this node closed it): its held streams fail with BROKEN.
	 * @param nodeId the peer
	 * @param reason why
	 */
	public void expired(String nodeId, String reason) {
		SessionStreams previous = this.latest.remove(nodeId);
		this.lastIds.remove(nodeId);
		if (previous != null) {
			CarriedStreams.take(previous, "disconnected")
				.breakAll("stream broken: the session with peer '" + nodeId + "' expired: " + reason);
		}
	}

}
