package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.Limit;
import dev.p2p.handshake.HandshakeMode;
import dev.p2p.membership.Heartbeat;
import dev.p2p.security.ConnectionGate;

/**
 * The periodic checks of a running node's sessions: stalled writers, the connection gate's
 * sweep, idle sessions, idle streams and the heartbeat.
 */
public final class SessionSweeps {

	private static final Log logger = LogFactory.getLog(SessionSweeps.class);

	private SessionSweeps() {
	}

	/**
	 * Schedule every check on the node's timer; they stop with it.
	 * @param node the node's context
	 * @param threads the threads of this start
	 */
	public static void schedule(NodeContext node, NodeThreads threads) {
		SessionLifecycle lifecycle = node.lifecycle;
		PeerNodeSettings settings = node.settings;
		long watchdog = Math.max(50, settings.getSendTimeout().toMillis() / 4);
		threads.timers.scheduleWithFixedDelay(() -> closeStalledWriters(node, watchdog * 1_000_000), watchdog,
				watchdog, TimeUnit.MILLISECONDS);
		ConnectionGate startedGate = node.gate;
		threads.timers.scheduleWithFixedDelay(startedGate::sweep, 10, 10, TimeUnit.SECONDS);
		Duration idleTimeout = settings.getLimits().idleTimeout();
		if (!idleTimeout.isZero()) {
			long idleCheck = Math.max(50, idleTimeout.toMillis() / 4);
			threads.timers.scheduleWithFixedDelay(() -> closeIdle(node), idleCheck, idleCheck, TimeUnit.MILLISECONDS);
		}
		long streamCheck = Math.max(50, settings.getStreams().idleTimeout().toMillis() / 4);
		threads.timers.scheduleWithFixedDelay(() -> checkIdleStreams(node), streamCheck, streamCheck,
				TimeUnit.MILLISECONDS);
		Duration heartbeat = settings.getHeartbeatInterval();
		if (heartbeat != null && settings.getHandshakeMode() == HandshakeMode.HELLO) {
			threads.timers.scheduleWithFixedDelay(lifecycle::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
					TimeUnit.MILLISECONDS);
			long check = Heartbeat.checkPeriod(heartbeat, settings.getHeartbeatTimeout()).toMillis();
			checkSilence(lifecycle, threads, check, check);
		}
	}

	/**
	 * Close silent sessions now, and look again when the next one could time out (at the
	 * latest after {@code period}): a silent peer is closed as soon as the timeout has passed.
	 */
	private static void checkSilence(SessionLifecycle lifecycle, NodeThreads threads, long delay, long period) {
		try {
			threads.timers.schedule(() -> {
				long next = period;
				try {
					next = Math.max(SILENCE_CHECK_MIN_MILLIS, Math.min(period, lifecycle.checkSilence()));
				}
				catch (RuntimeException ex) {
					logger.warn("Checking for silent peers failed", ex);
				}
				checkSilence(lifecycle, threads, next, period);
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the node stopped
		}
	}

	/** Least delay between two silence checks. */
	private static final long SILENCE_CHECK_MIN_MILLIS = 5;

	/**
	 * A write blocked this many send timeouts (and at least {@link #STALL_BACKSTOP_MILLIS}) closes
	 * the connection even while the send queue has room: a peer that stopped reading is cut
	 * whatever is sent to it.
	 */
	static final int STALL_BACKSTOP_TIMEOUTS = 4;

	/** Least time a write may stay blocked before the connection is cut with room left in its queue. */
	static final long STALL_BACKSTOP_MILLIS = 30_000;

	/**
	 * Close connections whose current write is blocked and whose senders have been refused: the
	 * peer stopped reading, and neither a sender nor a writer thread may wait on it forever. A
	 * write blocked longer than the send timeout cuts the connection only once its send queue has
	 * been full for longer than the send timeout too (plus one check period), so a sender waiting
	 * for room ends its wait with {@link dev.p2p.peer.SendQueueFullException} before the cut
	 * fails it with another exception; with room left in the queue, only after the backstop.
	 */
	private static void closeStalledWriters(NodeContext node, long periodNanos) {
		long limit = node.settings.getSendTimeout().toNanos();
		long backstop = Math.max(limit * STALL_BACKSTOP_TIMEOUTS, STALL_BACKSTOP_MILLIS * 1_000_000);
		long now = System.nanoTime();
		for (DefaultPeerSession session : node.sessions.openSessions()) {
			long blocked = session.connection().writeBlockedNanos(now);
			if (blocked > limit && (session.outbox.sendersWaitingNanos(now) > limit + periodNanos || blocked > backstop)) {
				session.outbox.stalled();
				session.closeReason = DisconnectReason.IO_ERROR;
				session.closeDetail = "peer stopped reading: a write was blocked for " + (blocked / 1_000_000)
						+ " ms and senders were refused (p2p.send.timeout)";
				try {
					session.connection().close();
				}
				catch (RuntimeException ex) {
					// a failure here must not cancel the periodic check
					logger.warn("Closing stalled connection to '" + session.getNodeId() + "' failed", ex);
				}
			}
		}
	}

	/**
	 * Close established sessions that sent nothing for {@code p2p.limits.idle-timeout}.
	 */
	private static void closeIdle(NodeContext node) {
		long limit = node.settings.getLimits().idleTimeout().toMillis();
		long now = System.currentTimeMillis();
		for (DefaultPeerSession session : node.sessions.activeSessions()) {
			long idle = now - session.getLastSeen().toEpochMilli();
			// a peer whose frames wait for our listeners is not idle: back-pressure paused reading it
			if (idle > limit && !session.hasUndeliveredFrames()) {
				node.metrics.limitExceeded(Limit.IDLE_TIMEOUT);
				try {
					node.lifecycle.close(session, DisconnectReason.LIMIT_EXCEEDED,
							"nothing received for " + idle + " ms (p2p.limits.idle-timeout)");
				}
				catch (RuntimeException ex) {
					// a failure here must not cancel the periodic check
					logger.warn("Closing idle connection to '" + session.getNodeId() + "' failed", ex);
				}
			}
		}
	}

	/**
	 * Fail the streams that made no progress within {@code p2p.stream.idle-timeout}.
	 */
	private static void checkIdleStreams(NodeContext node) {
		long now = System.nanoTime();
		for (DefaultPeerSession session : node.sessions.openSessions()) {
			try {
				session.streams.checkIdle(now);
			}
			catch (RuntimeException ex) {
				// a failure here must not cancel the periodic check
				logger.warn("Checking the streams of '" + session.getNodeId() + "' failed", ex);
			}
		}
	}

}
