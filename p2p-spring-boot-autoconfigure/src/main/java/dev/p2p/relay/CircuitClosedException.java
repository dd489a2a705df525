package dev.p2p.relay;

import java.io.IOException;

import dev.p2p.reach.RelayReason;

/**
 * Why a relay circuit ended: what the relay or the other end said (CIRCUIT_CLOSE), or what this
 * end decided. The relayed session's disconnect detail is its message.
 */
public class CircuitClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final RelayReason reason;

	/**
	 * Create the exception.
	 * @param reason the reason as the frames carry it
	 * @param message what happened
	 */
	public CircuitClosedException(RelayReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why the circuit ended.
	 * @return the reason
	 */
	public RelayReason reason() {
		return this.reason;
	}

}
