package dev.p2p.delivery;

import java.util.List;
import java.util.stream.Collectors;

import dev.p2p.event.UndeliveredPacket;

/**
 * Fails the future of a packet that was given up: its session with acknowledged delivery
 * expired before it resumed, or the node stopped or disconnected the peer first. Names the
 * packets and says why.
 */
public class PacketsUndeliveredException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private static final int NAMED = 10;

	private final String nodeId;

	private final transient List<UndeliveredPacket> packets;

	/**
	 * Create the exception.
	 * @param nodeId the peer
	 * @param packets the packets given up
	 * @param reason why
	 */
	public PacketsUndeliveredException(String nodeId, List<UndeliveredPacket> packets, String reason) {
		super(packets.size() + " packet(s) to '" + nodeId + "' not delivered (" + reason + "): "
				+ packets.stream().limit(NAMED).map(UndeliveredPacket::toString).collect(Collectors.joining(", "))
				+ ((packets.size() > NAMED) ? ", ..." : ""));
		this.nodeId = nodeId;
		this.packets = List.copyOf(packets);
	}

	/**
	 * The peer the packets were for.
	 * @return its node id
	 */
	public String getNodeId() {
		return this.nodeId;
	}

	/**
	 * The packets given up.
	 * @return them, in order
	 */
	public List<UndeliveredPacket> getPackets() {
		return this.packets;
	}

}
