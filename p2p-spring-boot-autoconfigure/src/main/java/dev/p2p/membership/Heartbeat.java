package dev.p2p.membership;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.function.ObjLongConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DisconnectReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Failure detection: every interval, a session that sent nothing for the timeout is closed
 * with reason {@link DisconnectReason#TIMEOUT}, and every other one gets a PING carrying the
 * send time, which the peer echoes in a PONG (answered on its reader thread); the echo gives
 * the round-trip time. Any frame received counts as a sign of life, so busy sessions never
 * time out because a PONG waited behind data; and a session whose received frames still wait
 * for the listeners is never timed out, as reading from it may be paused by back-pressure. Only for handshake mode {@code hello}: dpea-p2p
 * peers do not know PING.
 *
 * @param <S> the engine's session type
 */
public final class Heartbeat<S extends MembershipSession> {

	private static final Log logger = LogFactory.getLog(Heartbeat.class);

	/** PING and PONG payloads: 8 bytes, the sender's {@code System.nanoTime()} at sending. */
	public static final int PAYLOAD_SIZE = 8;

	private final MembershipHost<S> host;

	private final PeerMetrics metrics;

	private final long timeoutMillis;

	/**
	 * Create the heartbeat.
	 * @param host the sessions, and how to close one
	 * @param metrics counts time-outs and round trips
	 * @param timeout silence after which a session is closed
	 */
	public Heartbeat(MembershipHost<S> host, PeerMetrics metrics, Duration timeout) {
		this.host = host;
		this.metrics = metrics;
		this.timeoutMillis = timeout.toMillis();
	}

	/**
	 * How often {@link #checkSilence()} should run: often enough that a silent peer is closed
	 * within a quarter of the timeout after the timeout, not up to a whole ping interval late.
	 * @param interval the ping interval
	 * @param timeout the silence after which a session is closed
	 * @return the check period
	 */
	public static Duration checkPeriod(Duration interval, Duration timeout) {
		Duration quarter = timeout.dividedBy(4);
		Duration period = (interval.compareTo(quarter) < 0) ? interval : quarter;
		return (period.toMillis() < 10) ? Duration.ofMillis(10) : period;
	}

	/** One round: close silent sessions, ping the others. Runs on the node's timer thread. */
	public void beat() {
		forEachSession((session, silent) -> {
			if (isDead(silent, session)) {
				timedOut(session, silent);
			}
			else {
				ping(session);
			}
		});
	}

	/**
	 * Close the sessions silent for longer than the timeout, pinging nobody, and say when the
	 * next one could be: run again then, a session is closed as soon as its silence exceeds the
	 * timeout, so a partition is detected within the timeout of the last frame received before
	 * it.
	 * @return milliseconds until the first session still heard from could time out (the timeout
	 * when there is none)
	 */
	public long checkSilence() {
		long[] next = { this.timeoutMillis };
		forEachSession((session, silent) -> {
			if (isDead(silent, session)) {
				timedOut(session, silent);
			}
			else if (silent <= this.timeoutMillis) {
				// (a silent session kept by undelivered frames is looked at again on the period)
				next[0] = Math.min(next[0], this.timeoutMillis - silent + 1);
			}
		});
		return next[0];
	}

	private boolean isDead(long silentMillis, S session) {
		return silentMillis > this.timeoutMillis && !session.hasUndeliveredFrames();
	}

	private void forEachSession(ObjLongConsumer<S> action) {
		long now = System.currentTimeMillis();
		for (S session : this.host.activeSessions()) {
			try {
				action.accept(session, now - session.getLastSeen().toEpochMilli());
			}
			catch (RuntimeException ex) {
				// one session's trouble must not cancel the periodic beat
				logger.warn("Heartbeat for '" + session.getNodeId() + "' failed", ex);
			}
		}
	}

	private void timedOut(S session, long silentMillis) {
		String detail = "nothing received for " + silentMillis + " ms (p2p.heartbeat.timeout is " + this.timeoutMillis
				+ " ms)";
		logger.warn("Peer '" + session.getNodeId() + "' timed out: " + detail);
		this.metrics.heartbeatTimedOut();
		this.host.close(session, DisconnectReason.TIMEOUT, detail);
	}

	private void ping(S session) {
		byte[] payload = ByteBuffer.allocate(PAYLOAD_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(System.nanoTime())
			.array();
		// never waits: a peer whose queue is full is reading nothing, and will time out
		session.offerNow(List.of(new Frame(ControlCode.PING, payload)));
	}

	/**
	 * A PING arrived: echo it. On the reader thread, without waiting for room in the queue.
	 * @param session where it came from
	 * @param ping the PING
	 * @return {@code false} if the PING was malformed and the session is closing
	 */
	public boolean pinged(S session, Frame ping) {
		if (ping.payload().length != PAYLOAD_SIZE) {
			return malformed(session, ping);
		}
		session.offerNow(List.of(new Frame(ControlCode.PONG, ping.payload())));
		return true;
	}

	/**
	 * A PONG arrived: record the round trip.
	 * @param session where it came from
	 * @param pong the PONG
	 * @return {@code false} if the PONG was malformed and the session is closing
	 */
	public boolean ponged(S session, Frame pong) {
		if (pong.payload().length != PAYLOAD_SIZE) {
			return malformed(session, pong);
		}
		long sentAt = ByteBuffer.wrap(pong.payload()).order(ByteOrder.LITTLE_ENDIAN).getLong();
		long roundTrip = System.nanoTime() - sentAt;
		if (roundTrip < 0 || roundTrip > this.timeoutMillis * 1_000_000L * 4) {
			// not an echo of ours: ignore it rather than record nonsense
			return true;
		}
		session.roundTripMeasured(roundTrip);
		this.metrics.heartbeatRoundTrip(session, roundTrip);
		return true;
	}

	private boolean malformed(S session, Frame frame) {
		this.host.close(session, DisconnectReason.PROTOCOL_ERROR, ControlCode.describe(frame.type())
				+ " payload must be " + PAYLOAD_SIZE + " bytes, got " + frame.payload().length);
		return false;
	}

}
