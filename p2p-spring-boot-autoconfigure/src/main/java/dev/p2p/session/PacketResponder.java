package dev.p2p.session;

import dev.p2p.event.RejectionReason;

/**
 * How the listener layer answers one {@link InboundPacket} and reports what went wrong with
 * it. For a request, the first {@link #reply} or {@link #replyError} is the answer and the
 * rest are ignored, and {@link #complete} answers with nothing if neither came; for a plain
 * packet each reply is a packet of its own and errors go nowhere (the sender expects no
 * answer). Safe to call from any thread.
 */
public interface PacketResponder {

	/**
	 * Send a reply (observed, with a trace context when observation is on). A peer that left
	 * meanwhile is logged at debug level; other sending failures are thrown.
	 * @param type the reply's packet type
	 * @param payload the encoded reply
	 */
	void reply(Enum<?> type, byte[] payload);

	/**
	 * Answer a request with a failure; ignored for a plain packet. Never throws: a failure to
	 * send is logged, as nobody else could be told.
	 * @param exceptionType the failure's type, as the requester will see it
	 * @param message what went wrong
	 */
	void replyError(String exceptionType, String message);

	/**
	 * Every listener is done: a request that got no answer is answered with an empty REPLY.
	 */
	void complete();

	/**
	 * Report the packet as rejected (logged, counted, published as a PacketRejectedEvent).
	 * @param reason why
	 * @param detail the reason in words
	 */
	void reject(RejectionReason reason, String detail);

	/**
	 * Report a listener that threw (logged and published as a PacketListenerFailedEvent); the
	 * session stays up.
	 * @param type the packet type
	 * @param listener the listener, as {@code bean.method}
	 * @param exception what it threw
	 */
	void listenerFailed(Enum<?> type, String listener, Throwable exception);

}
