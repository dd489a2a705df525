package dev.p2p.peer;

/**
 * A send to a peer that is not connected (unknown node id, or a session that closed).
 */
public class PeerNotConnectedException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message names the peer and its state
	 */
	public PeerNotConnectedException(String message) {
		super(message);
	}

}
