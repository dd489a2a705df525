package dev.p2p.handshake;

/**
 * A HELLO, ACCEPT or DENY payload that does not parse or breaks a limit.
 */
public class MalformedHandshakeException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what was wrong, naming the field and the limit
	 */
	public MalformedHandshakeException(String message) {
		super(message);
	}

}
