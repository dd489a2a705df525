package dev.p2p.compat.pnet;

import java.io.IOException;

/**
 * pnet input that cannot be taken. The message names the value seen and, where there is one,
 * the limit; {@link #getViolation()} tells whether pnet has an error answer for it.
 */
public class PnetProtocolException extends IOException {

	private final PnetViolation violation;

	/**
	 * Create an exception.
	 * @param violation what kind of input it was
	 * @param message what went wrong
	 */
	public PnetProtocolException(PnetViolation violation, String message) {
		super(message);
		this.violation = violation;
	}

	/**
	 * Create an exception with a cause.
	 * @param violation what kind of input it was
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public PnetProtocolException(PnetViolation violation, String message, Throwable cause) {
		super(message, cause);
		this.violation = violation;
	}

	/**
	 * What kind of input was refused.
	 * @return the violation
	 */
	public PnetViolation getViolation() {
		return this.violation;
	}

}
