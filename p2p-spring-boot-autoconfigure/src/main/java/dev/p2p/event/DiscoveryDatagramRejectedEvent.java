package dev.p2p.event;

import java.net.InetSocketAddress;


/**
 * A discovery datagram was dropped: malformed, oversized, of another network, this node's own,
 * or spoofed. Nothing else happens; the drop is also counted in
 * {@code p2p.discovery.datagrams.dropped}.
 */
public class DiscoveryDatagramRejectedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final InetSocketAddress sender;

	private final DatagramDropReason reason;

	private final String detail;

	/**
	 * Create an event.
	 * @param source the node
	 * @param sender the datagram's source address (as claimed: UDP source addresses can be forged)
	 * @param reason why it was dropped
	 * @param detail the reason in words
	 */
	public DiscoveryDatagramRejectedEvent(Object source, InetSocketAddress sender, DatagramDropReason reason,
			String detail) {
		super(source);
		this.sender = sender;
		this.reason = reason;
		this.detail = detail;
	}

	/**
	 * The datagram's source address.
	 * @return the sender
	 */
	public InetSocketAddress getSender() {
		return this.sender;
	}

	/**
	 * Why the datagram was dropped.
	 * @return the reason
	 */
	public DatagramDropReason getReason() {
		return this.reason;
	}

	/**
	 * The reason in words.
	 * @return the detail
	 */
	public String getDetail() {
		return this.detail;
	}

}
