package dev.p2p.peer;

/**
 * A peer's outbound queue stayed full for the whole send timeout: the peer reads slower than
 * the application sends.
 */
public class SendQueueFullException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message names the peer, the queue capacity and the timeout
	 */
	public SendQueueFullException(String message) {
		super(message);
	}

}
