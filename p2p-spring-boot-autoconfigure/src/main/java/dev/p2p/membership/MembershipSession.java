package dev.p2p.membership;

import java.util.List;

import dev.p2p.request.RequestSession;
import dev.p2p.wire.Frame;

/**
 * A session as the heartbeat and the built-in commands see it. Implemented by the session
 * engine.
 */
public interface MembershipSession extends RequestSession {

	/**
	 * Queue frames only if there is room now; never waits (answers on the reader thread).
	 * @param frames the frames, kept together
	 * @return {@code false} if the queue had no room or the session is closing
	 */
	boolean offerNow(List<Frame> frames);

	/**
	 * Whether received frames still wait for the listeners (reading may be paused by
	 * back-pressure, so silence is no sign of death).
	 * @return {@code true} while frames wait
	 */
	boolean hasUndeliveredFrames();

	/**
	 * Record a measured round trip.
	 * @param nanos the round-trip time
	 */
	void roundTripMeasured(long nanos);

	/**
	 * A request from the peer was answered outside the listeners: it is no longer in flight.
	 * @param requestId the request's id
	 */
	void requestServed(int requestId);

}
