package dev.p2p.peer;


/**
 * A stream this node sent did not complete: the peer refused or cancelled it, its data did not
 * match at the receiver, it timed out, the data source failed, or the connection ended first.
 */
public class StreamFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final StreamOutcome outcome;

	/**
	 * Create the exception.
	 * @param outcome how the stream ended
	 * @param message what happened
	 * @param cause the underlying failure, may be {@code null}
	 */
	public StreamFailedException(StreamOutcome outcome, String message, Throwable cause) {
		super(message, cause);
		this.outcome = outcome;
	}

	/**
	 * How the stream ended.
	 * @return the outcome
	 */
	public StreamOutcome getOutcome() {
		return this.outcome;
	}

}
