package dev.p2p.peer;

/**
 * No reply to a request arrived within its timeout; a reply that comes later is dropped and
 * reported as a {@code late-reply} rejection.
 */
public class RequestTimeoutException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what timed out
	 */
	public RequestTimeoutException(String message) {
		super(message);
	}

}
