package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.p2p.handshake.HandshakeMode;
import dev.p2p.security.ConnectionGate;

/**
 * The periodic checks of a running node's sessions: stalled writers, the connection gate's
 * sweep, idle sessions, idle streams and the heartbeat.
 */
public final class SessionSweeps {

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
		threads.timers.scheduleWithFixedDelay(lifecycle::closeStalledWriters, watchdog, watchdog,
				TimeUnit.MILLISECONDS);
		ConnectionGate startedGate = node.gate;
		threads.timers.scheduleWithFixedDelay(startedGate::sweep, 10, 10, TimeUnit.SECONDS);
		Duration idleTimeout = settings.getLimits().idleTimeout();
		if (!idleTimeout.isZero()) {
			long idleCheck = Math.max(50, idleTimeout.toMillis() / 4);
			threads.timers.scheduleWithFixedDelay(lifecycle::closeIdle, idleCheck, idleCheck, TimeUnit.MILLISECONDS);
		}
		long streamCheck = Math.max(50, settings.getStreams().idleTimeout().toMillis() / 4);
		threads.timers.scheduleWithFixedDelay(lifecycle::checkIdleStreams, streamCheck, streamCheck,
				TimeUnit.MILLISECONDS);
		Duration heartbeat = settings.getHeartbeatInterval();
		if (heartbeat != null && settings.getHandshakeMode() == HandshakeMode.HELLO) {
			threads.timers.scheduleWithFixedDelay(lifecycle::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

}
