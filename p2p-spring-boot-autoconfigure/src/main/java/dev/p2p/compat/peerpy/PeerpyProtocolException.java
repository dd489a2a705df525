package dev.p2p.compat.peerpy;

import java.io.IOException;

/**
 * Input a peerpy peer must not send: the connection it came from is refused or closed. The
 * message names the value seen and, where there is one, the limit.
 */
public class PeerpyProtocolException extends IOException {

	private final PeerpyViolation violation;

	/**
	 * Create an exception.
	 * @param violation what kind of input it was
	 * @param message what went wrong, naming the values seen and the limits
	 */
	public PeerpyProtocolException(PeerpyViolation violation, String message) {
		super(message);
		this.violation = violation;
	}

	/**
	 * What kind of input was refused.
	 * @return the violation
	 */
	public PeerpyViolation getViolation() {
		return this.violation;
	}

}
