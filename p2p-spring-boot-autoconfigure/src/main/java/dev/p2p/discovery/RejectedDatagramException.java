package dev.p2p.discovery;

import dev.p2p.event.DatagramDropReason;

/**
 * Why a discovery datagram is dropped.
 */
public class RejectedDatagramException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final DatagramDropReason reason;

	/**
	 * Create an exception.
	 * @param reason the reason, as counted
	 * @param detail the reason in words
	 */
	public RejectedDatagramException(DatagramDropReason reason, String detail) {
		super(detail);
		this.reason = reason;
	}

	/**
	 * The reason, as counted.
	 * @return the reason
	 */
	public DatagramDropReason getReason() {
		return this.reason;
	}

}
