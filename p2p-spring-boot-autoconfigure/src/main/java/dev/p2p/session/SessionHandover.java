package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DisconnectReason;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionState;
import dev.p2p.wire.Frame;

/**
 * A live session displaced by a newer connection with the same peer instance (PROTOCOL §5.7:
 * two nodes dialling each other, a node dialling again) hands its traffic over instead of
 * dropping it. The frames queued and not yet written move to the winner's send queue, ahead of
 * anything sent to the winner; the batch being written finishes on the old connection, then
 * the old connection's BYE {@code duplicate}. The old connection keeps reading until the peer's
 * BYE (the peer applies the same rule, so it sends one after its own last frame), its frames
 * reach the listeners before any of the winner's, and then it closes; at most
 * {@code p2p.send.timeout} after the hand-over it closes anyway (the peer's own write in progress
 * there is cut by its write watchdog after that long, and a peer whose old connection is dead
 * sends no BYE).
 */
final class SessionHandover {

	private static final Log logger = LogFactory.getLog(SessionHandover.class);

	private SessionHandover() {
	}

	/**
	 * Whether a displaced session hands its traffic over: it is active, not replaced by a
	 * path switch, and the winner is a connection with the same instance of the peer (a peer
	 * that restarted has no use for the old session's traffic, and sends no BYE on it); not for a
	 * session with acknowledged delivery, whose resumption resends by position what the displaced
	 * connection did not deliver.
	 * @param displaced the session being displaced
	 * @param winner the session that displaces it
	 * @return {@code true} to hand over
	 */
	static boolean applies(DefaultPeerSession displaced, DefaultPeerSession winner) {
		PeerIdentity old = displaced.getIdentity();
		PeerIdentity next = winner.getIdentity();
		// with acknowledged delivery the winner's RESUME resends what the displaced one did not
		// deliver, by position; moving its queued frames would put them outside that count
		return old != null && next != null && old.instanceId().equals(next.instanceId()) && !displaced.upgrading
				&& displaced.getState() == SessionState.ACTIVE && !displaced.isDeliveryAgreed();
	}

	/**
	 * Hand a displaced session's traffic to the winner. Call it while no other thread can see
	 * the winner as the peer's session, so that nothing sent to it overtakes the moved frames.
	 * @param displaced the displaced session
	 * @param winner the session that replaces it
	 * @param bye the displaced session's last frame
	 * @param writer runs the wait for the batch being written, and the BYE's write
	 * @param detail why the displaced session ends
	 * @param timeout how long the displaced connection stays open at most
	 */
	static void start(DefaultPeerSession displaced, DefaultPeerSession winner, Frame bye, Executor writer,
			String detail, Duration timeout) {
		displaced.closeReason = DisconnectReason.DUPLICATE;
		displaced.closeDetail = detail;
		displaced.setState(SessionState.CLOSING);
		displaced.handedOver = true;
		// the winner handles nothing it receives before the displaced session's frames were handled
		winner.predecessor = displaced;
		int moved = displaced.outbox.handOverTo(winner.outbox);
		if (moved > 0) {
			logger.info("Peer '" + displaced.getNodeId() + "': " + moved + " queued packets moved to the connection "
					+ winner.getLocalAddress() + " <-> " + winner.getRemoteAddress() + " that replaced "
					+ displaced.getLocalAddress() + " <-> " + displaced.getRemoteAddress());
		}
		else if (moved < 0) {
			logger.warn("Peer '" + displaced.getNodeId() + "': " + (-moved) + " queued packets failed: the connection"
					+ " that replaced " + displaced.getLocalAddress() + " <-> " + displaced.getRemoteAddress()
					+ " had no room for them");
		}
		CompletableFuture<Void> byeWritten = new CompletableFuture<>();
		displaced.outbox.writeLastAfterBatch(bye, byeWritten, timeout.toNanos(), writer);
		CompletableFuture.allOf(byeWritten, displaced.switchedIn)
			.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
			.whenComplete((done, ex) -> {
				if (ex != null) {
					logger.debug("Peer '" + displaced.getNodeId() + "': the replaced connection closes without its"
							+ " last frames exchanged: " + ex);
				}
				displaced.switchedIn.complete(null);
				displaced.connection().close();
			});
	}

	/**
	 * The peer's BYE arrived. A session handed over closes once its own BYE is written too. A
	 * session still active that the peer says it replaced by a newer connection stays open until
	 * that connection's handshake completes here too (this node dialled it and the peer's ACCEPT
	 * is on its way) and the traffic is handed over, or at most the handshake timeout; the
	 * peer, handing over on its side, reads it until this node's BYE.
	 * @param session the session that received it
	 * @param duplicate whether the BYE says the session was replaced
	 * @param node the node
	 * @return {@code true} if the caller is not to close the connection now
	 */
	static boolean byeReceived(DefaultPeerSession session, boolean duplicate, NodeContext node) {
		if (session.handedOver) {
			session.switchedIn.complete(null);
			return true;
		}
		if (!duplicate || session.getState() != SessionState.ACTIVE) {
			return false;
		}
		try {
			node.threads().timers.schedule(() -> {
				if (!session.handedOver) {
					session.connection().close();
				}
			}, node.settings.getHandshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
		// the peer sends nothing more here
		session.switchedIn.complete(null);
		return true;
	}

	/**
	 * A connection closed (for any reason). If it was handed over, the winner stops waiting for
	 * its last frame; what it received is still to be handled (within the receive grace).
	 * @param session the closed session
	 * @return {@code true} if the session was handed over
	 */
	static boolean closed(DefaultPeerSession session) {
		if (!session.handedOver) {
			return false;
		}
		session.switchedIn.complete(null);
		return true;
	}

}
