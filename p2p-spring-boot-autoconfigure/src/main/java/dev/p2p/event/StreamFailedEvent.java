package dev.p2p.event;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamOutcome;

/**
 * A stream to or from a peer ended without success: refused, cancelled, corrupted, timed out
 * or broken. Published by both ends of the stream that notice it; the session stays up unless
 * the connection itself failed.
 */
public class StreamFailedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final transient Enum<?> packetType;

	private final int streamId;

	private final boolean outbound;

	private final StreamOutcome outcome;

	private final String detail;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the peer at the other end
	 * @param packetType the stream's packet type
	 * @param streamId the stream's id (chosen by its sender)
	 * @param outbound whether this node sent the stream
	 * @param outcome how it ended
	 * @param detail what happened, in words
	 */
	public StreamFailedEvent(Object source, PeerSession session, Enum<?> packetType, int streamId, boolean outbound,
			StreamOutcome outcome, String detail) {
		super(source, session);
		this.packetType = packetType;
		this.streamId = streamId;
		this.outbound = outbound;
		this.outcome = outcome;
		this.detail = detail;
	}

	/**
	 * The stream's packet type.
	 * @return the packet type
	 */
	public Enum<?> getPacketType() {
		return this.packetType;
	}

	/**
	 * The stream's id, unique per connection and direction.
	 * @return the id
	 */
	public int getStreamId() {
		return this.streamId;
	}

	/**
	 * Whether this node was the stream's sender.
	 * @return {@code true} for a stream this node sent
	 */
	public boolean isOutbound() {
		return this.outbound;
	}

	/**
	 * How the stream ended.
	 * @return the outcome, never {@link StreamOutcome#SUCCESS}
	 */
	public StreamOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * What happened.
	 * @return the reason in words
	 */
	public String getDetail() {
		return this.detail;
	}

	@Override
	public String toString() {
		return "StreamFailedEvent[" + getNodeId() + ", " + (this.outbound ? "outbound" : "inbound") + " stream "
				+ this.streamId + " of " + this.packetType.name() + ", " + this.outcome.tag() + ": " + this.detail + "]";
	}

}
