package dev.p2p.session;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

/**
 * Turns a session's application frames, in arrival order, into {@link InboundPacket}s for the
 * {@link PacketHandler}: each TRACE and REQUEST envelope is paired with the frame after it,
 * and each packet gets a {@link PacketResponder} that answers the request it came in (if any).
 * A malformed envelope is reported, and its packet handled as a plain one in a new trace.
 */
final class InboundRouter {

	private static final Log logger = LogFactory.getLog(InboundRouter.class);

	private final NodeContext node;

	InboundRouter(NodeContext node) {
		this.node = node;
	}

	/**
	 * Hand frames to the handler, in order. Runs on the listener executor (or the reader).
	 * @param session the sender
	 * @param frames application frames, each possibly preceded by its TRACE and REQUEST
	 */
	void route(DefaultPeerSession session, List<Frame> frames) {
		Frame trace = null;
		Frame request = null;
		for (int i = 0, n = frames.size(); i < n; i++) {
			if (session.inbox.isClosed()) {
				// the session ended: its listeners get nothing more (the close counted what was queued)
				logger.debug("Session with '" + session.getNodeId() + "' ended; " + (n - i)
						+ " received frames were not delivered");
				return;
			}
			Frame frame = frames.get(i);
			if (frame.type() == ControlCode.TRACE) {
				trace = frame;
			}
			else if (frame.type() == ControlCode.REQUEST) {
				request = frame;
			}
			else {
				try {
					dispatch(session, frame, trace, request);
				}
				catch (RuntimeException ex) {
					// metrics or observation failed: the frames after this one still get handled
					logger.error("Handling " + ControlCode.describe(frame.type()) + " from '" + session.getNodeId()
							+ "' failed", ex);
				}
				trace = null;
				request = null;
			}
		}
		DeliveryHook delivery = this.node.delivery;
		if (delivery != null && session.isDeliveryAgreed()) {
			delivery.routed(session);
		}
	}

	private void dispatch(DefaultPeerSession session, Frame frame, @Nullable Frame trace, @Nullable Frame request) {
		Integer requestId = requestId(session, request);
		SessionResponder responder = new SessionResponder(this.node, session, frame.type(), requestId);
		Enum<?> type = this.node.packetTypes.typeOf(frame.type());
		if (type == null) {
			// the decoder lets only known types through; kept as a guard
			String problem = "no @PacketListener handles type " + frame.type();
			responder.reject(RejectionReason.NO_LISTENER, problem);
			responder.replyError("NoListener", problem);
			return;
		}
		InboundPacket packet = new InboundPacket(type, frame.type(), frame.payload(), traceFields(session, trace),
				requestId != null);
		DeliveryHook delivery = this.node.delivery;
		if (delivery != null && requestId == null && session.isDeliveryAgreed()) {
			// a plain packet has a position: counted (or dropped as a duplicate) around its handling
			delivery.received(session, type, frame.wireSize(), () -> this.node.packetHandler.handle(session, packet, responder));
			return;
		}
		this.node.packetHandler.handle(session, packet, responder);
	}

	private @Nullable Integer requestId(DefaultPeerSession session, @Nullable Frame request) {
		if (request == null) {
			return null;
		}
		try {
			return RequestEnvelopes.idOf(request.payload());
		}
		catch (IllegalArgumentException ex) {
			this.node.reportRejected(session, request.type(), RejectionReason.MALFORMED_ENVELOPE,
					ex.getMessage() + "; the packet after it is handled as a plain packet");
			return null;
		}
	}

	private Map<String, String> traceFields(DefaultPeerSession session, @Nullable Frame trace) {
		if (trace == null) {
			return Map.of();
		}
		try {
			return this.node.observations.fieldsOf(trace);
		}
		catch (IllegalArgumentException ex) {
			this.node.reportRejected(session, trace.type(), RejectionReason.DECODE_ERROR,
					ex.getMessage() + "; the packet after it is handled in a new trace");
			return Map.of();
		}
	}

}
