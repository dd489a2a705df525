package dev.p2p.session;

/**
 * What acknowledged delivery does to a session's streams (docs/PROTOCOL.md §16.6): when the
 * RESUME exchange decides, the new connection adopts the streams held across the lost one (or
 * they fail), and STREAM_RESUME is queued; when a suspended session expires, its held streams
 * fail.
 */
public final class SessionStreamResumption {

	private final NodeContext node;

	private final SessionSender sender;

	SessionStreamResumption(NodeContext node, SessionSender sender) {
		this.node = node;
		this.sender = sender;
	}

	/**
	 * The RESUME exchange of a session with acknowledged delivery decided (docs/PROTOCOL.md §16.4,
	 * §16.6): its streams adopt the previous connection's, or those fail. Call it before this
	 * side's RESUME is queued or before the reader reads past the peer's.
	 * @param session the connection
	 * @param resumed whether the session resumed
	 * @return to run once this side's RESUME is queued: queues STREAM_RESUME
	 */
	public Runnable decided(DefaultPeerSession session, boolean resumed) {
		Runnable dropped = this.node.streamCarry.decided(session.getNodeId(), session.streams, resumed);
		return () -> {
			dropped.run();
			if (resumed && !this.node.streamCarry.announce(session.streams, session.streamHost, session)) {
				this.sender.closeForProtocolError(session, "no room to queue STREAM_RESUME");
			}
		};
	}

	/**
	 * A suspended session expired, or this node closed it: its held streams fail.
	 * @param nodeId the peer
	 * @param reason why
	 */
	public void expired(String nodeId, String reason) {
		this.node.streamCarry.expired(nodeId, reason);
	}

}
