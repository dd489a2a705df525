package dev.p2p.request;

import dev.p2p.event.RejectionReason;

/**
 * What the request layer hands back to the session engine: frames it rejects and requests it
 * refuses. Implemented by the engine.
 *
 * @param <S> the engine's session type
 */
public interface RequestReporter<S extends RequestSession> {

	/**
	 * This node's id, for error messages.
	 * @return the local node id
	 */
	String localNodeId();

	/**
	 * Count, log and publish a rejected frame; the session stays open.
	 * @param session where it came from
	 * @param typeCode the frame's type
	 * @param reason why it was rejected
	 * @param detail what was wrong
	 */
	void rejected(S session, int typeCode, RejectionReason reason, String detail);

	/**
	 * Answer a request with an ERROR, off the reader thread (the reader never waits for room in
	 * a send queue); nothing when the node is stopping.
	 * @param session the requester
	 * @param requestId the request's id
	 * @param errorType the error's type name
	 * @param problem the error's message
	 */
	void refuse(S session, int requestId, String errorType, String problem);

}
