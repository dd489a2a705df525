package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;

/**
 * An outgoing connection attempt: completes when the session is established, fails when the
 * handshake fails; tells the redialler that made it, if any.
 */
public final class DialRequest {

	/**
	 * The dial in progress on this thread: the transport reports a new outbound connection on
	 * the dialling thread, before {@code connect} returns, which is how the session learns
	 * which dial (and which redialler) it belongs to.
	 */
	static final ThreadLocal<DialRequest> CURRENT = new ThreadLocal<>();

	final PeerAddress address;

	final CompletableFuture<PeerSession> result = new CompletableFuture<>();

	final @Nullable Redialer dialer;

	/** When a duplicate DENY first answered this dial, {@code 0} before. */
	private long firstDuplicateNanos;

	/** Redials after duplicate DENYs so far. */
	private int duplicateRedials;

	/**
	 * Create a dial.
	 * @param address where the peer listens
	 * @param dialer the redialler to tell what became of it, or {@code null} for a one-off dial
	 */
	public DialRequest(PeerAddress address, @Nullable Redialer dialer) {
		this.address = address;
		this.dialer = dialer;
	}

	/**
	 * Where the peer listens.
	 * @return its address
	 */
	public PeerAddress address() {
		return this.address;
	}

	/**
	 * Completes with the session once its handshake is done; fails if the dial or the
	 * handshake fails.
	 * @return the result
	 */
	public CompletableFuture<PeerSession> result() {
		return this.result;
	}

	/**
	 * How long to wait before dialling again after the peer denied this dial as a duplicate of
	 * a session this node no longer has (the peer has not read its goodbye yet): at once the
	 * first time, then after 10, 20, 40, ... ms, as long as the next dial starts within the
	 * limit after the first denial.
	 * @param limit how long after the first denial dials may start
	 * @return milliseconds, or {@code -1} to give up
	 */
	synchronized long redialDelayAfterDuplicate(Duration limit) {
		long now = System.nanoTime();
		if (this.firstDuplicateNanos == 0) {
			this.firstDuplicateNanos = now | 1;
		}
		long delay = (this.duplicateRedials == 0) ? 0 : 10L << Math.min(this.duplicateRedials - 1, 10);
		if (now + TimeUnit.MILLISECONDS.toNanos(delay) - this.firstDuplicateNanos > limit.toNanos()) {
			return -1;
		}
		this.duplicateRedials++;
		return delay;
	}

	/**
	 * Fail the dial (the connection could not be opened) and tell its redialler.
	 * @param failure why
	 */
	public void failed(Throwable failure) {
		this.result.completeExceptionally(failure);
		if (this.dialer != null) {
			this.dialer.lost(String.valueOf(failure.getMessage()), false);
		}
	}

	/**
	 * Run a connect call as this dial: the connection it opens belongs to this request.
	 * @param connect opens the connection on the calling thread
	 * @throws Exception whatever connecting threw
	 */
	public void run(Connect connect) throws Exception {
		CURRENT.set(this);
		try {
			connect.run();
		}
		finally {
			CURRENT.remove();
		}
	}

	/**
	 * The dial as far as the node's redialler sees it: told when the dial failed or the
	 * session ended, and when another connection covers the peer.
	 */
	public interface Redialer {

		/** The dial's session is established. */
		void connected();

		/**
		 * The dial failed, or its session ended.
		 * @param reason what happened
		 * @param everConnected whether a session had been established
		 */
		void lost(String reason, boolean everConnected);

		/**
		 * Another connection (the peer dialled this node) covers the peer.
		 * @param nodeId the peer's node id
		 */
		void coveredBy(String nodeId);

	}

	/** Opens a connection. */
	@FunctionalInterface
	public interface Connect {

		/**
		 * Open it.
		 * @throws Exception if it cannot be opened
		 */
		void run() throws Exception;

	}

}
