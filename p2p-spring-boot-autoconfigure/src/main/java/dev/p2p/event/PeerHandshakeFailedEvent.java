package dev.p2p.event;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * A connection did not become a session: the handshake timed out, was malformed, or was
 * denied by either side. The connection is closed.
 */
public class PeerHandshakeFailedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final transient InetSocketAddress remoteAddress;

	private final @Nullable String nodeId;

	private final boolean inbound;

	private final HandshakeFailure failure;

	private final String detail;

	/**
	 * Create the event.
	 * @param source the node
	 * @param remoteAddress the other end of the connection
	 * @param nodeId the peer's node id if it got as far as saying it
	 * @param inbound whether the peer dialled this node
	 * @param failure what failed
	 * @param detail the reason in words
	 */
	public PeerHandshakeFailedEvent(Object source, InetSocketAddress remoteAddress, @Nullable String nodeId,
			boolean inbound, HandshakeFailure failure, String detail) {
		super(source);
		this.remoteAddress = remoteAddress;
		this.nodeId = nodeId;
		this.inbound = inbound;
		this.failure = failure;
		this.detail = detail;
	}

	/**
	 * The other end.
	 * @return remote address
	 */
	public InetSocketAddress getRemoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Peer's node id, when known.
	 * @return the node id or {@code null}
	 */
	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	/**
	 * Whether the peer dialled this node.
	 * @return {@code true} for an accepted connection
	 */
	public boolean isInbound() {
		return this.inbound;
	}

	/**
	 * What failed.
	 * @return the failure
	 */
	public HandshakeFailure getFailure() {
		return this.failure;
	}

	/**
	 * The reason in words, such as the DENY reason.
	 * @return the detail
	 */
	public String getDetail() {
		return this.detail;
	}

	@Override
	public String toString() {
		return "PeerHandshakeFailedEvent[" + this.remoteAddress + ", " + this.failure + ": " + this.detail + "]";
	}

}
