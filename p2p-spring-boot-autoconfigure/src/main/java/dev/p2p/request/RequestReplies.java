package dev.p2p.request;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.peer.RemotePacketException;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

/**
 * The requester's side of REPLY and ERROR frames, on the reader thread (so a listener that
 * waits for a reply from the peer it is handling still gets it): completes or fails the
 * waiting request, and reports a reply nobody waits for (it timed out) or a malformed envelope
 * as a rejected frame.
 *
 * @param <S> the engine's session type
 */
public final class RequestReplies<S extends RequestSession> {

	private final RequestReporter<S> reporter;

	/**
	 * Create the request layer's reply side.
	 * @param reporter takes rejected frames and refused requests
	 */
	public RequestReplies(RequestReporter<S> reporter) {
		this.reporter = reporter;
	}

	/**
	 * A REPLY arrived, with its frame or without one.
	 */
	public void completed(S session, Frame envelope, @Nullable Frame reply) {
		Integer id = id(session, envelope);
		if (id != null && !session.getPendingRequests().complete(id, reply)) {
			late(session, id, (reply != null) ? reply.type() : envelope.type());
		}
	}

	/**
	 * An ERROR arrived.
	 */
	public void failed(S session, Frame error) {
		Integer id = id(session, error);
		if (id == null) {
			return;
		}
		RemotePacketException failure;
		try {
			failure = new RemotePacketException(session.getNodeId(), RequestEnvelopes.errorType(error.payload()),
					RequestEnvelopes.errorMessage(error.payload()));
		}
		catch (IllegalArgumentException ex) {
			this.reporter.rejected(session, error.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			failure = new RemotePacketException(session.getNodeId(), "MalformedError", ex.getMessage());
		}
		if (!session.getPendingRequests().fail(id, failure)) {
			late(session, id, error.type());
		}
	}

	/**
	 * Whether an envelope announces the frame that came after it.
	 */
	public boolean announces(S session, Frame envelope, Frame frame) {
		try {
			return RequestEnvelopes.announcedType(envelope) == frame.type();
		}
		catch (IllegalArgumentException ex) {
			this.reporter.rejected(session, envelope.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			return false;
		}
	}

	/**
	 * The frame a REPLY announced never arrived here: its type is unknown to this node, so it
	 * was skipped. The request fails at once rather than at its timeout.
	 */
	public void replyFrameLost(S session, Frame reply) {
		Integer id = id(session, reply);
		if (id == null) {
			return;
		}
		try {
			session.getPendingRequests().fail(id, new RemotePacketException(session.getNodeId(), "UnknownType",
					"the reply's type " + ControlCode.describe(RequestEnvelopes.announcedType(reply))
							+ " is not a packet type of node '" + this.reporter.localNodeId() + "'"));
		}
		catch (IllegalArgumentException ex) {
			// reported by announces()
		}
	}

	/**
	 * A REQUEST cannot reach a listener: its frame was of a type unknown here (and skipped), or
	 * another frame than the one it announced came after it. The requester gets an ERROR at
	 * once, queued from a listener thread: the reader never waits for room in a send queue.
	 */
	public void refused(S session, Frame request, String errorType, String problem) {
		Integer id = id(session, request);
		if (id != null) {
			this.reporter.refuse(session, id, errorType, problem);
		}
	}

	private @Nullable Integer id(S session, Frame envelope) {
		try {
			return RequestEnvelopes.idOf(envelope.payload());
		}
		catch (IllegalArgumentException ex) {
			this.reporter.rejected(session, envelope.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			return null;
		}
	}

	private void late(S session, int id, int typeCode) {
		this.reporter.rejected(session, typeCode, RejectionReason.LATE_REPLY,
				"reply to request " + id + " came after its timeout (or answers no request); dropped");
	}

}
