package dev.p2p.session;

import java.util.Map;

/**
 * An application packet a peer sent, as the session hands it to the listener layer: its type,
 * its payload, and the trace context the peer sent with it. Frames and the envelopes around
 * them (TRACE, REQUEST) stay in the session.
 * @param type the packet type
 * @param code its type code on the wire
 * @param payload the payload, not decoded
 * @param traceFields the propagation fields of the peer's trace context, empty when it sent none
 * @param request whether the peer waits for an answer (it sent the packet as a request)
 */
public record InboundPacket(Enum<?> type, int code, byte[] payload, Map<String, String> traceFields,
		boolean request) {
}
