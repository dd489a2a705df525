package dev.p2p.session;

import java.util.concurrent.CompletableFuture;

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

	/** Whether this dial was already repeated after a duplicate DENY (it is repeated once). */
	volatile boolean redialledAfterDuplicate;

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
