package dev.p2p.node;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.DialRequest;
import dev.p2p.session.ReconnectBackoff;

/**
 * Keeps one static peer connected: dials at start, and after every loss redials with
 * exponential backoff and jitter. When the peer turns out to be connected already through
 * another session (it dialled us), the dialer waits for that session to end instead.
 */
final class PeerDialer implements DialRequest.Redialer {

	private static final Log logger = LogFactory.getLog(PeerDialer.class);

	private final PeerAddress address;

	private final PeerDialers dialers;

	private final ScheduledExecutorService scheduler;

	private final ReconnectBackoff backoff;

	private int failures;

	private @Nullable ScheduledFuture<?> pending;

	private @Nullable String coveredBy;

	/** Whether the session of this dialer's own dial is established. */
	private boolean dialledSessionActive;

	private boolean stopped;

	PeerDialer(PeerAddress address, PeerDialers dialers, ScheduledExecutorService scheduler, ReconnectBackoff backoff) {
		this.address = address;
		this.dialers = dialers;
		this.scheduler = scheduler;
		this.backoff = backoff;
	}

	PeerAddress address() {
		return this.address;
	}

	synchronized void start() {
		schedule(0);
	}

	/**
	 * Dial for the first time after a delay.
	 * @param delayMillis how long to wait first
	 */
	synchronized void start(long delayMillis) {
		schedule(delayMillis);
	}

	synchronized void stop() {
		this.stopped = true;
		if (this.pending != null) {
			this.pending.cancel(false);
		}
	}

	private void dial() {
		synchronized (this) {
			this.pending = null;
			if (this.stopped) {
				return;
			}
			PeerSession existing = this.dialers.findSessionListeningOn(this.address);
			if (existing != null) {
				// the peer dialled us first: no second connection, wait for that one to end
				this.coveredBy = existing.getNodeId();
				this.failures = 0;
				return;
			}
		}
		this.dialers.dial(new DialRequest(this.address, this));
	}

	/** The dial produced an active session. */
	@Override
	public synchronized void connected() {
		this.failures = 0;
		this.coveredBy = null;
		this.dialledSessionActive = true;
	}

	/**
	 * The dial failed, or its session ended.
	 * @param reason why, for the log
	 * @param everConnected whether the session had been active (a loss rather than a failure)
	 */
	/** The reason of the last failure, so that repeats are not logged at INFO each time. */
	private @Nullable String lastReason;

	@Override
	public synchronized void lost(String reason, boolean everConnected) {
		this.dialledSessionActive = false;
		if (this.stopped) {
			return;
		}
		if (everConnected) {
			this.failures = 0;
		}
		long delay = this.backoff.delay(this.failures++).toMillis();
		// the same failure again (a peer that stays down, a TLS mismatch) is logged once at INFO
		if (everConnected || !reason.equals(this.lastReason)) {
			logger.info("Peer " + this.address + ": " + reason + "; redialling in " + delay + " ms"
					+ (everConnected ? "" : " (the same failure again is logged at DEBUG)"));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Peer " + this.address + ": " + reason + "; redialling in " + delay + " ms");
		}
		this.lastReason = reason;
		schedule(delay);
	}

	/**
	 * The peer is connected through a session this dialer did not make; wait for that one to end.
	 * @param nodeId the peer's node id
	 */
	@Override
	public synchronized void coveredBy(String nodeId) {
		this.dialledSessionActive = false;
		this.failures = 0;
		this.coveredBy = nodeId;
		if ((this.dialers.findSession(nodeId) == null)) {
			// that session ended already: its end will not be reported again
			this.coveredBy = null;
			schedule(this.backoff.delay(0).toMillis());
		}
	}

	/**
	 * A session ended; redial if it was the one covering this dialer's peer.
	 * @param nodeId node id of the session that ended
	 */
	synchronized void sessionEnded(String nodeId) {
		if (nodeId.equals(this.coveredBy) && this.pending == null && !this.stopped) {
			this.coveredBy = null;
			schedule(this.backoff.delay(0).toMillis());
		}
	}

	/**
	 * Whether the peer is connected: through this dialer's own session, or through the session
	 * that covers it. Covers handshake mode {@code none}, where sessions carry no listen address.
	 * @return {@code true} while an established session reaches the peer
	 */
	synchronized boolean isConnected() {
		String covering = this.coveredBy;
		return this.dialledSessionActive || (covering != null && this.dialers.findSession(covering) != null);
	}

	private void schedule(long delayMillis) {
		if (!this.stopped && this.pending == null) {
			this.pending = this.scheduler.schedule(this::dial, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

}
