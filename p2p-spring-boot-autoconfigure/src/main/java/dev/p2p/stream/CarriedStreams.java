package dev.p2p.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.p2p.peer.StreamOutcome;

/**
 * The streams of a connection on their way out of it: to be failed when it ends, or to the
 * connection that resumed its session (docs/PROTOCOL.md §16.6).
 *
 * @param sending streams this node sends
 * @param receiving streams the peer sends
 * @param lastOutboundId highest id this node opened
 * @param lastInboundId highest id the peer opened
 * @param recentlyEnded receiving streams that ended lately, id to state
 */
record CarriedStreams(List<OutboundStream> sending, List<StreamInput> receiving, int lastOutboundId,
		long lastInboundId, Map<Integer, Integer> recentlyEnded) {

	/** No streams. */
	static final CarriedStreams NONE = new CarriedStreams(List.of(), List.of(), 0, 0, Map.of());

	/**
	 * Take every stream out of a connection's streams (frames for them that still come on it are
	 * dropped as late) and open no more there.
	 * @param streams the connection's streams
	 * @param why what opening a stream there fails with from now on
	 * @return the streams, with the ids and the recently ended streams
	 */
	static CarriedStreams take(SessionStreams streams, String why) {
		synchronized (streams) {
			if (streams.closed == null) {
				streams.closed = why;
			}
			CarriedStreams carried = new CarriedStreams(new ArrayList<>(streams.outbound.values()),
					new ArrayList<>(streams.inbound.values()), streams.lastOutboundId, streams.lastInboundId,
					new LinkedHashMap<>(streams.recentlyEnded));
			streams.outbound.clear();
			streams.inbound.clear();
			return carried;
		}
	}

	/**
	 * Fail the streams with outcome BROKEN, on this side (the peer sees the same or is told).
	 * @param reason why
	 */
	void breakAll(String reason) {
		for (OutboundStream stream : this.sending) {
			stream.fail(StreamOutcome.BROKEN, reason, 0, null);
		}
		for (StreamInput stream : this.receiving) {
			stream.failed(StreamOutcome.BROKEN, stream.describe() + ": " + reason, reason);
		}
	}

}
