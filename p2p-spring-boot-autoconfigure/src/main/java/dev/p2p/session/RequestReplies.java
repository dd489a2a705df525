package dev.p2p.session;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 */
final class RequestReplies {

	private static final Log logger = LogFactory.getLog(RequestReplies.class);

	/**
	 * A REPLY arrived, with its frame or without one.
	 */
	void completed(NodeContext node, DefaultPeerSession session, Frame envelope, @Nullable Frame reply) {
		Integer id = id(node, session, envelope);
		if (id != null && !session.getPendingRequests().complete(id, reply)) {
			late(node, session, id, (reply != null) ? reply.type() : envelope.type());
		}
	}

	/**
	 * An ERROR arrived.
	 */
	void failed(NodeContext node, DefaultPeerSession session, Frame error) {
		Integer id = id(node, session, error);
		if (id == null) {
			return;
		}
		RemotePacketException failure;
		try {
			failure = new RemotePacketException(session.getNodeId(), RequestEnvelopes.errorType(error.payload()),
					RequestEnvelopes.errorMessage(error.payload()));
		}
		catch (IllegalArgumentException ex) {
			node.reportRejected(session, error.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			failure = new RemotePacketException(session.getNodeId(), "MalformedError", ex.getMessage());
		}
		if (!session.getPendingRequests().fail(id, failure)) {
			late(node, session, id, error.type());
		}
	}

	/**
	 * Whether an envelope announces the frame that came after it.
	 */
	boolean announces(NodeContext node, DefaultPeerSession session, Frame envelope, Frame frame) {
		try {
			return RequestEnvelopes.announcedType(envelope) == frame.type();
		}
		catch (IllegalArgumentException ex) {
			node.reportRejected(session, envelope.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			return false;
		}
	}

	/**
	 * The frame a REPLY announced never arrived here: its type is unknown to this node, so it
	 * was skipped. The request fails at once rather than at its timeout.
	 */
	void replyFrameLost(NodeContext node, DefaultPeerSession session, Frame reply) {
		Integer id = id(node, session, reply);
		if (id == null) {
			return;
		}
		try {
			session.getPendingRequests().fail(id, new RemotePacketException(session.getNodeId(), "UnknownType",
					"the reply's type " + ControlCode.describe(RequestEnvelopes.announcedType(reply))
							+ " is not a packet type of node '" + node.getNodeId() + "'"));
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
	void refused(NodeContext node, DefaultPeerSession session, Frame request, String errorType, String problem) {
		Integer id = id(node, session, request);
		NodeThreads threads = node.threads;
		if (id == null || threads == null) {
			return;
		}
		threads.listener.execute(() -> {
			try {
				node.sender.replyError(session, id, errorType, problem);
			}
			catch (RuntimeException ex) {
				logger.debug("ERROR to '" + session.getNodeId() + "' not sent: " + ex.getMessage());
			}
		});
	}

	private @Nullable Integer id(NodeContext node, DefaultPeerSession session, Frame envelope) {
		try {
			return RequestEnvelopes.idOf(envelope.payload());
		}
		catch (IllegalArgumentException ex) {
			node.reportRejected(session, envelope.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			return null;
		}
	}

	private static void late(NodeContext node, DefaultPeerSession session, int id, int typeCode) {
		node.reportRejected(session, typeCode, RejectionReason.LATE_REPLY,
				"reply to request " + id + " came after its timeout (or answers no request); dropped");
	}

}
