package dev.p2p.event;

import java.util.List;

/**
 * Packets sent to a peer that it may never have received: the session expired before it was
 * resumed ({@code p2p.delivery.session-expiry}), the node stopped or disconnected it, or the
 * packets were at-most-once and written to a connection that broke before they were
 * acknowledged. The application may store or send them again.
 */
public class PacketsUndeliveredEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final String nodeId;

	private final transient List<UndeliveredPacket> packets;

	private final String reason;

	/**
	 * Create the event.
	 * @param source the node
	 * @param nodeId the peer
	 * @param packets the packets, in the order they were sent
	 * @param reason why they are given up, in words
	 */
	public PacketsUndeliveredEvent(Object source, String nodeId, List<UndeliveredPacket> packets, String reason) {
		super(source);
		this.nodeId = nodeId;
		this.packets = List.copyOf(packets);
		this.reason = reason;
	}

	/**
	 * The peer the packets were for.
	 * @return its node id
	 */
	public String getNodeId() {
		return this.nodeId;
	}

	/**
	 * The packets, in the order they were sent.
	 * @return the packets
	 */
	public List<UndeliveredPacket> getPackets() {
		return this.packets;
	}

	/**
	 * Why they are given up.
	 * @return the reason in words
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "PacketsUndeliveredEvent[" + this.nodeId + ", " + this.packets.size() + " packets: " + this.reason + "]";
	}

}
