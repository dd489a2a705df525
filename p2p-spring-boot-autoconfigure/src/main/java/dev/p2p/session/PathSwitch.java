package dev.p2p.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DisconnectReason;
import dev.p2p.peer.PeerSession;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.wire.Frame;

/**
 * Moves a peer's traffic from one session to the session that replaces it (a relayed session to
 * the direct connection a hole punch opened) with nothing lost, duplicated or reordered. Each
 * side, when the new session becomes the peer's current one, sends PATH_SWITCH as the last frame
 * of the old session and writes only to the new one from then on; the old session keeps
 * reading until the peer's PATH_SWITCH, and the new session handles no received frame before
 * the old one's last frame was handled. The old connection closes once both PATH_SWITCHes
 * passed.
 */
public final class PathSwitch {

	private static final Log logger = LogFactory.getLog(PathSwitch.class);

	/** Longest wait for the other side's PATH_SWITCH and for the old path's listeners. */
	static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

	private PathSwitch() {
	}

	/**
	 * Let a session be replaced by a path switch rather than closed when a newer session with
	 * the same peer becomes active (set before a hole punch starts, on both sides).
	 * @param session the session to be replaced
	 * @param expected {@code true} while a punch is in progress, {@code false} when it gave up
	 */
	public static void expect(PeerSession session, boolean expected) {
		if (session instanceof DefaultPeerSession target) {
			target.upgrading = expected;
		}
	}

	/**
	 * The new session displaced the old: end the old one's sending with PATH_SWITCH, keep it
	 * reading until the peer's, then close it.
	 * @param old the replaced session
	 * @param winner the session that replaces it
	 */
	static void start(DefaultPeerSession old, DefaultPeerSession winner) {
		winner.predecessor = old;
		old.closeReason = DisconnectReason.DUPLICATE;
		old.closeDetail = "path switched to " + winner.getLocalAddress() + " <-> " + winner.getRemoteAddress();
		old.setState(dev.p2p.peer.SessionState.CLOSING);
		Frame last = HolePunchFrames.pathSwitch(old.getPacketsOut());
		CompletableFuture<Void> written = new CompletableFuture<>();
		if (!old.outbox.enqueueLast(last, written)) {
			old.switchedIn.complete(null);
			old.connection().close();
			return;
		}
		CompletableFuture.allOf(written, old.switchedIn)
			.orTimeout(TIMEOUT_NANOS, TimeUnit.NANOSECONDS)
			.whenComplete((done, ex) -> {
				if (ex != null) {
					logger.warn("Path switch with '" + old.getNodeId() + "' did not complete on the old path within "
							+ TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s: " + ex);
				}
				old.connection().close();
			});
	}

	/**
	 * The peer's PATH_SWITCH arrived on the old path.
	 * @param old the old session
	 * @param frame the frame
	 */
	static void received(DefaultPeerSession old, Frame frame) {
		try {
			long sent = HolePunchFrames.readPathSwitch(frame.payload());
			if (sent != old.getPacketsIn()) {
				logger.warn("Peer '" + old.getNodeId() + "' says it sent " + sent + " packets on the old path, "
						+ old.getPacketsIn() + " arrived");
			}
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Malformed PATH_SWITCH from '" + old.getNodeId() + "': " + ex.getMessage());
		}
		old.switchedIn.complete(null);
	}

	static void awaitPredecessor(DefaultPeerSession session, DefaultPeerSession before) {
		DefaultPeerSession earlier = before.predecessor;
		if (earlier != null) {
			// the predecessor was replaced before it received anything, so it never waited for its
			// own predecessor: whose frames are still to be handled first
			awaitPredecessor(session, earlier);
			before.predecessor = null;
		}
		long deadline = System.nanoTime() + TIMEOUT_NANOS;
		try {
			before.switchedIn.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
			if (!before.inbox.allHandled(Math.max(0, deadline - System.nanoTime()))) {
				logger.warn("The old path of '" + session.getNodeId() + "' still had frames being handled after "
						+ TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s; the new path goes on");
			}
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.warn("No PATH_SWITCH from '" + session.getNodeId() + "' on the old path within "
					+ TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s; the new path goes on");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
