package dev.p2p.nat;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.PeerPathChangedEvent;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.HolePunchFrames.Connect;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.PathSwitch;
import dev.p2p.session.SessionExtension;
import dev.p2p.transport.tcp.ReusePortSockets;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Hole punching, DCUtR-style, over an established session with a peer (a relayed one, or any
 * session when asked with {@link #punch}). The session's dialer initiates: it sends PUNCH_CONNECT
 * with a fresh token half and its addresses, times the round trip to the peer's PUNCH_CONNECT,
 * sends PUNCH_SYNC and dials half a round trip later; the peer dials when the SYNC arrives. Both
 * dial every address of the other from their listen port ({@link ReusePortSockets}), so that the
 * two SYNs cross and each NAT lets the other's in (a TCP simultaneous open). The initiator's
 * connection starts with PUNCH_JOIN (its node id and both token halves) and then an ordinary
 * handshake; the peer takes only a connection whose JOIN carries the token. The new session
 * replaces the old one by a {@link PathSwitch}. Up to the configured attempts per round; a
 * failed round of a relayed session is tried again later with doubling delay.
 */
public final class HolePuncher implements SessionExtension {

	private static final Log logger = LogFactory.getLog(HolePuncher.class);

	/** How much later than the initiator the responder dials (the spike measured up to 500 ms as safe). */
	static final long RESPONDER_LAG_MILLIS = 150;

	/** How soon a PUNCH_CONNECT that found the session's send queue full is tried again. */
	private static final long QUEUE_FULL_RETRY_MILLIS = 20;

	/** Margin after the last attempt for the new connection's handshake. */
	private static final long HANDSHAKE_MARGIN_MILLIS = 10_000;

	private final ObservedAddresses observed;

	private final int attempts;

	private final Duration timeout;

	private final Duration retry;

	private final Duration maxRetry;

	private final Consumer<PeerPathChangedEvent> events;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, PunchRound> punches = new ConcurrentHashMap<>();

	private final HolePunchStats stats = new HolePunchStats();

	private volatile @Nullable NodeEngine engine;

	private volatile @Nullable PeerNode node;

	private volatile boolean enabled = true;

	/**
	 * Create the hole puncher.
	 * @param observed the node's observed addresses, offered to the peer
	 * @param attempts simultaneous-open attempts per round, 1 to {@value HolePunchFrames#MAX_ATTEMPTS}
	 * @param timeout connect timeout of one attempt
	 * @param retry delay before a failed round of a relayed session is tried again (doubles)
	 * @param maxRetry longest such delay
	 * @param events receives {@link PeerPathChangedEvent}s
	 */
	public HolePuncher(ObservedAddresses observed, int attempts, Duration timeout, Duration retry, Duration maxRetry,
			Consumer<PeerPathChangedEvent> events) {
		if (attempts < 1 || attempts > HolePunchFrames.MAX_ATTEMPTS) {
			throw new IllegalArgumentException(
					"attempts must be 1 to " + HolePunchFrames.MAX_ATTEMPTS + ", not " + attempts);
		}
		this.observed = observed;
		this.attempts = attempts;
		this.timeout = timeout;
		this.retry = retry;
		this.maxRetry = maxRetry;
		this.events = events;
	}

	/**
	 * The node whose sessions are punched; call before it starts.
	 * @param node the node
	 */
	public void attach(PeerNode node) {
		this.node = node;
	}

	@Override
	public boolean handles(int code) {
		return code == ControlCode.PUNCH_CONNECT || code == ControlCode.PUNCH_SYNC || code == ControlCode.PUNCH_JOIN;
	}

	@Override
	public void started(NodeEngine engine) {
		this.engine = engine;
		if (!ReusePortSockets.supported()) {
			this.enabled = false;
			logger.info("Hole punching is off: this platform cannot share the listen port (SO_REUSEPORT)");
		}
	}

	@Override
	public void stopping() {
		this.engine = null;
		this.punches.values().forEach((punch) -> punch.result.complete(false));
		this.punches.clear();
	}

	@Override
	public void sessionActive(PeerSession session) {
		PunchRound punch = this.punches.get(session.getNodeId());
		if (punch != null && session != punch.session && session.path() == SessionPath.DIRECT) {
			succeeded(punch, session);
			return;
		}
		if (session.path() == SessionPath.RELAYED && session.getDirection() == Direction.OUTBOUND) {
			punch(session);
		}
	}

	@Override
	public void sessionEnded(PeerSession session, String detail) {
		PunchRound punch = this.punches.get(session.getNodeId());
		if (punch == null || punch.session != session || punch.result.isDone()) {
			return;
		}
		PeerNode peerNode = this.node;
		PeerSession successor = (peerNode != null) ? peerNode.findSession(session.getNodeId()).orElse(null) : null;
		if (successor != null && successor != session && successor.path() == SessionPath.DIRECT) {
			// the old path closed after the switch, before the new session was reported active
			succeeded(punch, successor);
		}
		else if (this.punches.remove(session.getNodeId(), punch)) {
			punch.result.complete(false);
		}
	}

	/**
	 * Try to move a session to a direct connection now. Relayed sessions are punched
	 * automatically; this also punches a direct session (a new direct connection replaces it),
	 * which is how the mechanism is tested without a relay.
	 * @param session a session this node dialled
	 * @return completes with {@code true} once a direct session replaced it, {@code false} when
	 * every attempt failed (or punching is off, or a punch with that peer is in progress)
	 */
	public CompletableFuture<Boolean> punch(PeerSession session) {
		NodeEngine running = this.engine;
		PeerNode peerNode = this.node;
		if (!this.enabled || running == null || peerNode == null || peerNode.getBoundAddress() == null
				|| !session.isActive()) {
			return CompletableFuture.completedFuture(false);
		}
		PunchRound punch = new PunchRound(session, true, this.random);
		if (this.punches.putIfAbsent(session.getNodeId(), punch) != null) {
			return CompletableFuture.completedFuture(false);
		}
		PathSwitch.expect(session, true);
		giveUpAfterLimit(running, punch);
		sendConnect(punch, 1);
		return punch.result;
	}

	/** A round that has no direct session after all its attempts and a handshake is given up. */
	private void giveUpAfterLimit(NodeEngine running, PunchRound punch) {
		long limit = this.attempts * (this.timeout.toMillis() + 2_000) + HANDSHAKE_MARGIN_MILLIS;
		running.timers().schedule(() -> giveUp(punch, "no direct session within " + limit + " ms"), limit,
				TimeUnit.MILLISECONDS);
	}

	private void sendConnect(PunchRound punch, int attempt) {
		NodeEngine running = this.engine;
		PeerNode peerNode = this.node;
		InetSocketAddress bound = (peerNode != null) ? peerNode.getBoundAddress() : null;
		if (running == null || bound == null || punch.result.isDone()) {
			return;
		}
		punch.attempt = attempt;
		punch.sentNanos = System.nanoTime();
		var offered = PunchAddresses.offered(this.observed, bound);
		if (!running.sender().sendNow(punch.session, HolePunchFrames.connect(new Connect(attempt, punch.mine, offered)))) {
			if (!punch.session.isActive()) {
				giveUp(punch, "the session with '" + punch.session.getNodeId() + "' cannot send");
				return;
			}
			// the session's send queue is full (an application sending as fast as it can): the
			// CONNECT goes as soon as there is room, within the round's time limit
			running.timers().schedule(() -> sendConnect(punch, attempt), QUEUE_FULL_RETRY_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public boolean controlFrame(PeerSession session, Frame frame) {
		try {
			switch (frame.type()) {
				case ControlCode.PUNCH_CONNECT -> connected(session, HolePunchFrames.readConnect(frame.payload()));
				case ControlCode.PUNCH_SYNC -> synced(session, HolePunchFrames.readSync(frame.payload()));
				case ControlCode.PUNCH_JOIN -> {
					return joined(session, HolePunchFrames.readJoin(frame.payload()));
				}
				default -> {
				}
			}
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a malformed " + ControlCode.describe(frame.type()) + " from '" + session.getNodeId()
					+ "': " + ex.getMessage());
			return frame.type() != ControlCode.PUNCH_JOIN;
		}
		return true;
	}

	private void connected(PeerSession session, Connect connect) {
		NodeEngine running = this.engine;
		if (running == null) {
			return;
		}
		PunchRound punch = this.punches.get(session.getNodeId());
		if (punch != null && punch.initiator && punch.session == session) {
			if (connect.attempt() != punch.attempt) {
				return;
			}
			punch.heard(connect);
			// half the round trip of CONNECT, but never as late as the responder, which dials
			// RESPONDER_LAG_MILLIS after SYNC arrives: a round trip inflated by the responder's work
			// (a busy machine, its first punch) would make the responder dial first, and where no NAT
			// drops its SYN (one machine, a LAN) its connection would take the address pair that
			// this dial, and every retry, needs
			long halfRtt = Math.min((System.nanoTime() - punch.sentNanos) / 2,
					TimeUnit.MILLISECONDS.toNanos(RESPONDER_LAG_MILLIS) / 2);
			running.sender().sendNow(session, HolePunchFrames.sync(connect.attempt()));
			running.timers().schedule(() -> dial(punch, connect.attempt()), halfRtt, TimeUnit.NANOSECONDS);
			return;
		}
		if (!this.enabled || session.getDirection() != Direction.INBOUND) {
			// the peer's dialer initiates; a node that cannot punch stays silent and the peer gives up
			return;
		}
		PunchRound answer = (punch != null && punch.session == session) ? punch : new PunchRound(session, false, this.random);
		if (answer != punch) {
			this.punches.put(session.getNodeId(), answer);
			giveUpAfterLimit(running, answer);
		}
		PathSwitch.expect(session, true);
		answer.heard(connect);
		answer.attempt = connect.attempt();
		PeerNode peerNode = this.node;
		InetSocketAddress bound = (peerNode != null) ? peerNode.getBoundAddress() : null;
		if (bound != null) {
			running.sender().sendNow(session, HolePunchFrames.connect(
					new Connect(connect.attempt(), answer.mine, PunchAddresses.offered(this.observed, bound))));
		}
	}

	private void synced(PeerSession session, int attempt) {
		PunchRound punch = this.punches.get(session.getNodeId());
		NodeEngine running = this.engine;
		if (running != null && punch != null && !punch.initiator && punch.session == session
				&& punch.attempt == attempt) {
			// a little after the initiator: where nothing drops its SYN (no NAT, one machine) it reaches
			// this node's listener first and that connection is the one; behind NATs the SYNs still cross
			running.timers().schedule(() -> dial(punch, attempt), RESPONDER_LAG_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	private boolean joined(PeerSession connection, HolePunchFrames.Join join) {
		PunchRound punch = this.punches.get(join.nodeId());
		boolean valid = punch != null && !punch.initiator && punch.theirs != null
				&& MessageDigest.isEqual(punch.token(), join.token());
		if (!valid) {
			this.stats.rejected();
			logger.warn("Refused a PUNCH_JOIN from " + connection.getRemoteAddress() + " as '" + join.nodeId()
					+ "': no hole punch with that node in progress, or the wrong token");
			return false;
		}
		return punch.joined.compareAndSet(false, true);
	}

	private void dial(PunchRound punch, int attempt) {
		PunchConnections.dial(this.node, punch, attempt, this.timeout, (why) -> attemptFailed(punch, attempt, why));
	}

	private void attemptFailed(PunchRound punch, int attempt, @Nullable String why) {
		if (!punch.initiator || punch.result.isDone()) {
			return;
		}
		logger.info("Hole punch attempt " + attempt + " with '" + punch.session.getNodeId() + "' failed: " + why);
		if (attempt < this.attempts && punch.session.isActive()) {
			sendConnect(punch, attempt + 1);
		}
		else {
			giveUp(punch, attempt + " attempts failed");
		}
	}

	private void giveUp(PunchRound punch, String why) {
		if (!this.punches.remove(punch.session.getNodeId(), punch) || punch.result.isDone()) {
			return;
		}
		PathSwitch.expect(punch.session, false);
		punch.result.complete(false);
		if (!punch.initiator) {
			return;
		}
		Duration delay = this.stats.failed(punch.session.getNodeId(), this.retry, this.maxRetry);
		logger.info("Hole punch with '" + punch.session.getNodeId() + "' gave up: " + why + "; the session stays "
				+ punch.session.path().name().toLowerCase());
		NodeEngine running = this.engine;
		if (running != null && punch.session.path() == SessionPath.RELAYED && punch.session.isActive()) {
			running.timers().schedule(() -> {
				if (punch.session.isActive()) {
					punch(punch.session);
				}
			}, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void succeeded(PunchRound punch, PeerSession session) {
		if (!this.punches.remove(session.getNodeId(), punch) || punch.result.isDone()) {
			return;
		}
		long nanos = System.nanoTime() - punch.startedNanos;
		this.stats.succeeded(session.getNodeId(), punch.initiator, nanos);
		logger.info("Session with '" + session.getNodeId() + "' moved from " + punch.session.path().name().toLowerCase()
				+ " to direct (" + session.getRemoteAddress() + ") in " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
		punch.result.complete(true);
		PeerNode peerNode = this.node;
		this.events.accept(new PeerPathChangedEvent((peerNode != null) ? peerNode : this, session, punch.session.path(), SessionPath.DIRECT,
				punch.session.relay(), TimeUnit.NANOSECONDS.toMillis(nanos)));
	}

	/**
	 * Counts for metrics.
	 * @param outcome {@code direct}, {@code failed} (rounds given up) or {@code rejected} (bad JOINs)
	 * @return how many so far
	 */
	public long count(String outcome) {
		return this.stats.count(outcome);
	}

	/**
	 * Total time of the successful punches this node initiated, from first PUNCH_CONNECT to the
	 * direct session.
	 * @return nanoseconds
	 */
	public long successNanos() {
		return this.stats.successNanos();
	}

}
