package dev.p2p.event;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * A received frame was not delivered to any listener.
 */
public class PacketRejectedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final transient InetSocketAddress remoteAddress;

	private final @Nullable String nodeId;

	private final int typeCode;

	private final RejectionReason reason;

	private final String detail;

	/**
	 * Create the event.
	 * @param source the node
	 * @param remoteAddress where the frame came from
	 * @param nodeId the peer's node id when known
	 * @param typeCode the frame's type code (raw 32 bits)
	 * @param reason why it was rejected
	 * @param detail the reason in words
	 */
	public PacketRejectedEvent(Object source, InetSocketAddress remoteAddress, @Nullable String nodeId, int typeCode,
			RejectionReason reason, String detail) {
		super(source);
		this.remoteAddress = remoteAddress;
		this.nodeId = nodeId;
		this.typeCode = typeCode;
		this.reason = reason;
		this.detail = detail;
	}

	/**
	 * Where the frame came from.
	 * @return the remote address
	 */
	public InetSocketAddress getRemoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * The sender's node id, when the session is established.
	 * @return node id or {@code null}
	 */
	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	/**
	 * The frame's type code as unsigned 32 bits held in an {@code int}.
	 * @return the type code
	 */
	public int getTypeCode() {
		return this.typeCode;
	}

	/**
	 * Why the frame was rejected.
	 * @return the reason
	 */
	public RejectionReason getReason() {
		return this.reason;
	}

	/**
	 * The reason in words.
	 * @return the detail
	 */
	public String getDetail() {
		return this.detail;
	}

	@Override
	public String toString() {
		return "PacketRejectedEvent[" + this.remoteAddress + ", type " + Integer.toUnsignedString(this.typeCode) + ", "
				+ this.reason + ": " + this.detail + "]";
	}

}
