package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.compat.CompatThreads;

/**
 * Keeps the configured peerpy peers connected: dials each at start, and again with the node's
 * reconnect backoff whenever it is not connected (refused, denied, or lost). The check runs on
 * one timer thread; a dial takes at most the HELLO timeout.
 */
final class PeerpyDialer {

	private static final Log logger = LogFactory.getLog(PeerpyDialer.class);

	private final PeerpyNode profile;

	private final PeerpySettings settings;

	private final ScheduledExecutorService timer;

	private final Map<PeerpyAddress, Integer> attempts = new ConcurrentHashMap<>();

	PeerpyDialer(PeerpyNode profile, PeerpySettings settings) {
		this.profile = profile;
		this.settings = settings;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				CompatThreads.factory("p2p-peerpy-dialer-"));
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.timer = executor;
	}

	/** Dial a peer now and keep it connected. */
	void keep(PeerpyAddress address) {
		this.attempts.put(address, 0);
		schedule(address, Duration.ZERO);
	}

	void stop() {
		this.timer.shutdownNow();
	}

	private void schedule(PeerpyAddress address, Duration delay) {
		if (!this.timer.isShutdown()) {
			this.timer.schedule(() -> check(address), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void check(PeerpyAddress address) {
		if (!this.profile.isRunning()) {
			return;
		}
		if (this.profile.isPeerConnected(address.toString())) {
			this.attempts.put(address, 0);
			schedule(address, this.settings.reconnect().initialDelay().plusSeconds(1));
			return;
		}
		int attempt = this.attempts.merge(address, 1, Integer::sum);
		try {
			this.profile.connect(address);
			logger.info("Connected to peerpy peer " + address);
			this.attempts.put(address, 0);
			schedule(address, this.settings.reconnect().initialDelay().plusSeconds(1));
		}
		catch (IOException | RuntimeException ex) {
			Duration delay = this.settings.reconnect().delay(attempt - 1);
			logger.info("Dialling peerpy peer " + address + " failed (attempt " + attempt + "): " + ex.getMessage()
					+ "; next try in " + delay.toMillis() + " ms");
			schedule(address, delay);
		}
	}

}
