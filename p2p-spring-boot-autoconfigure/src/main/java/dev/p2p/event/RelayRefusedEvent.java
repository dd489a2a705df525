package dev.p2p.event;

import org.jspecify.annotations.Nullable;

import dev.p2p.reach.RelayReason;

/**
 * A relay refused or ended a reservation or circuit, or dropped a frame of a circuit it never set
 * up: published by the relay that decided it ({@code local}), and by the node that asked when the
 * relay's refusal reaches it.
 */
public class RelayRefusedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final RelayReason reason;

	private final @Nullable String peerNodeId;

	private final int circuitId;

	private final String detail;

	private final boolean local;

	/**
	 * Create the event.
	 * @param source the node
	 * @param reason why
	 * @param peerNodeId the node the refusal concerns (the one that asked, or the relay that refused)
	 * @param circuitId the circuit, 0 for a reservation
	 * @param detail what happened, in words
	 * @param local {@code true} when this node refused, {@code false} when a relay refused this node
	 */
	public RelayRefusedEvent(Object source, RelayReason reason, @Nullable String peerNodeId, int circuitId,
			String detail, boolean local) {
		super(source);
		this.reason = reason;
		this.peerNodeId = peerNodeId;
		this.circuitId = circuitId;
		this.detail = detail;
		this.local = local;
	}

	/**
	 * Why.
	 * @return the reason as the frames carry it
	 */
	public RelayReason getReason() {
		return this.reason;
	}

	/**
	 * The node the refusal concerns.
	 * @return its node id, or {@code null} if unknown
	 */
	public @Nullable String getPeerNodeId() {
		return this.peerNodeId;
	}

	/**
	 * The circuit.
	 * @return its id on the hop, 0 for a reservation
	 */
	public int getCircuitId() {
		return this.circuitId;
	}

	/**
	 * What happened.
	 * @return the detail
	 */
	public String getDetail() {
		return this.detail;
	}

	/**
	 * Whether this node refused.
	 * @return {@code true} on the relay, {@code false} on the node that was refused
	 */
	public boolean isLocal() {
		return this.local;
	}

	@Override
	public String toString() {
		return "RelayRefusedEvent[" + this.reason + (this.local ? " by this node" : " by relay") + ", peer "
				+ this.peerNodeId + ", circuit " + Integer.toUnsignedString(this.circuitId) + ": " + this.detail + "]";
	}

}
