package dev.p2p.peer;

/**
 * A send to a peer that is not connected (unknown node id, or a session that closed), or a
 * packet that could not be written because the connection failed (the cause says how).
 */
public class PeerNotConnectedException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message names the peer and its state
	 */
	public PeerNotConnectedException(String message) {
		super(message);
	}

	/**
	 * Create the exception for a connection that failed.
	 * @param message names the peer and what failed
	 * @param cause the transport's failure (an {@link java.io.IOException}, say)
	 */
	public PeerNotConnectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
