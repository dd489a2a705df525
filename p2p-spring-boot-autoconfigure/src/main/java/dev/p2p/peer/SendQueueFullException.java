package dev.p2p.peer;

/**
 * A peer's outbound queue stayed full for the whole send timeout, or a packet's write was
 * blocked longer than it (the connection is then closed): the peer reads slower than the
 * application sends.
 */
public class SendQueueFullException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message names the peer, the queue capacity and the timeout
	 */
	public SendQueueFullException(String message) {
		super(message);
	}

	/**
	 * Create the exception for a write that stayed blocked.
	 * @param message names the peer and the timeout
	 * @param cause how the closed connection failed the write
	 */
	public SendQueueFullException(String message, Throwable cause) {
		super(message, cause);
	}

}
