package dev.p2p.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.AddressObservedEvent;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.handshake.Challenge;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeDecision;
import dev.p2p.handshake.MalformedHandshakeException;
import dev.p2p.handshake.PeerOffer;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SessionPath;
import dev.p2p.peer.SessionState;
import dev.p2p.security.AllowList;
import dev.p2p.security.HandshakeProof;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecodingException;

/**
 * The HELLO/ACCEPT/DENY exchange of one connection: the dialer's HELLO, the listener's
 * decision (built-in checks and interceptors), the timeout, the choice between duplicate
 * connections, and what becomes of the dial that opened the connection.
 */
final class HandshakeExchange {

	private static final Log logger = LogFactory.getLog(HandshakeExchange.class);

	private final NodeContext node;

	private final SessionLifecycle sessions;

	private final HandshakeCodec codec;

	private final AllowList allowList;

	/** At most one warning per kind of failure and second: hostile connections come in floods. */
	private final LogThrottle failureLog = new LogThrottle(HandshakeFailure.values().length, 1_000_000_000L);

	/** Dials answered by a session that is still completing its handshake, by node id. */
	private final Map<String, List<DialRequest>> waiting = new ConcurrentHashMap<>();

	HandshakeExchange(NodeContext node, SessionLifecycle sessions, HandshakeCodec codec) {
		this.node = node;
		this.sessions = sessions;
		this.codec = codec;
		this.allowList = new AllowList(node.settings.getAllowedPeers(), node.settings.getAllowedCertificates());
	}

	/**
	 * Start the handshake of a new connection: arm the timeout and, as the dialer, send HELLO.
	 */
	void start(DefaultPeerSession session) {
		session.handshakeTimer = this.node.threads().timers.schedule(() -> handshakeTimedOut(session),
				this.node.settings.getHandshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		if (session.getDirection() == Direction.OUTBOUND) {
			byte[] nonce = null;
			if (this.node.settings.getNetworkKey() != null) {
				nonce = NetworkKey.nonce();
				session.keyExchange = new KeyExchange(nonce);
			}
			session.enqueue(List.of(),
					new Frame(ControlCode.HELLO, this.codec.writeIdentity(this.node.identity, nonce)), null);
		}
	}

	/**
	 * Handshake mode none: the connection is a session from its first byte.
	 */
	void activateWithoutHandshake(DefaultPeerSession session) {
		PeerRegistry.Activation activation = this.node.sessions.activate(session, () -> {
		});
		if (activation.activated()) {
			closeDisplaced(activation.displaced(), session);
			activated(session);
		}
	}

	boolean hello(DefaultPeerSession session, byte[] payload) {
		if (session.getIdentity() != null) {
			fail(session, HandshakeFailure.MALFORMED, "a second HELLO before the handshake completed");
			return false;
		}
		PeerIdentity peer;
		byte[] nonce;
		try {
			peer = this.codec.readIdentity(payload);
			nonce = this.codec.readNonce(payload);
		}
		catch (MalformedHandshakeException ex) {
			deny(session, HandshakeFailure.MALFORMED, "malformed HELLO: " + ex.getMessage(), false);
			return false;
		}
		session.identify(peer);
		NetworkKey key = this.node.settings.getNetworkKey();
		if (key == null) {
			return admit(session, peer);
		}
		if (nonce == null) {
			deny(session, HandshakeFailure.UNAUTHENTICATED,
					"this node requires the network key (p2p.security.network-key); the HELLO carried no nonce", false);
			return false;
		}
		// the peer proves the key before any check runs, so a peer without it learns nothing
		KeyExchange exchange = new KeyExchange(nonce);
		byte[] listenerNonce = NetworkKey.nonce();
		HandshakeProof transcript = new HandshakeProof(nonce, listenerNonce, peer.nodeId(), this.node.getNodeId(),
				peer.networkId());
		exchange.transcript = transcript;
		exchange.hello = peer;
		session.keyExchange = exchange;
		session.enqueue(List.of(), new Frame(ControlCode.CHALLENGE, this.codec.writeChallenge(
				new Challenge(this.node.getNodeId(), listenerNonce, transcript.listener(key)))), null);
		return true;
	}

	/**
	 * Listener: the dialer's PROOF answers the CHALLENGE; if it verifies, the HELLO is judged.
	 */
	boolean proof(DefaultPeerSession session, byte[] payload) {
		KeyExchange exchange = session.keyExchange;
		NetworkKey key = this.node.settings.getNetworkKey();
		if (exchange == null || exchange.hello == null || exchange.transcript == null || key == null) {
			fail(session, HandshakeFailure.MALFORMED, "PROOF without a CHALLENGE");
			return false;
		}
		byte[] proof;
		try {
			proof = this.codec.readProof(payload);
		}
		catch (MalformedHandshakeException ex) {
			deny(session, HandshakeFailure.MALFORMED, "malformed PROOF: " + ex.getMessage(), false);
			return false;
		}
		if (!exchange.transcript.verifyDialer(key, proof)) {
			deny(session, HandshakeFailure.UNAUTHENTICATED,
					"network key proof failed: the peer does not hold this network's key", false);
			return false;
		}
		PeerIdentity peer = exchange.hello;
		exchange.hello = null;
		return admit(session, peer);
	}

	/**
	 * Dialer: the listener's CHALLENGE; if its proof verifies, answer with this node's PROOF.
	 */
	boolean challenged(DefaultPeerSession session, byte[] payload) {
		KeyExchange exchange = session.keyExchange;
		NetworkKey key = this.node.settings.getNetworkKey();
		if (exchange == null || key == null || exchange.transcript != null) {
			fail(session, HandshakeFailure.MALFORMED, "unexpected CHALLENGE from the peer at "
					+ session.getRemoteAddress() + ((key == null) ? " (this node has no network key)" : ""));
			return false;
		}
		Challenge challenge;
		try {
			challenge = this.codec.readChallenge(payload);
		}
		catch (MalformedHandshakeException ex) {
			fail(session, HandshakeFailure.MALFORMED, "malformed CHALLENGE: " + ex.getMessage());
			return false;
		}
		HandshakeProof transcript = new HandshakeProof(exchange.dialerNonce, challenge.nonce(), this.node.getNodeId(),
				challenge.nodeId(), this.node.getNetworkId());
		if (!transcript.verifyListener(key, challenge.proof())) {
			fail(session, HandshakeFailure.UNAUTHENTICATED, "the peer at " + session.getRemoteAddress()
					+ " does not hold this network's key (its CHALLENGE proof did not verify)");
			return false;
		}
		exchange.transcript = transcript;
		exchange.listenerProved = true;
		session.enqueue(List.of(), new Frame(ControlCode.PROOF, this.codec.writeProof(transcript.dialer(key))), null);
		return true;
	}

	/**
	 * Listener: the HELLO (proved, when there is a key) goes through the checks, the allow-list
	 * and duplicate resolution; the peer is accepted or denied.
	 */
	private boolean admit(DefaultPeerSession session, PeerIdentity peer) {
		String notAllowed = this.allowList.check(session.connection().getSslSession(), peer.nodeId());
		if (notAllowed != null) {
			deny(session, HandshakeFailure.NOT_ALLOWED, notAllowed, false);
			return false;
		}
		HandshakeDecision decision = this.node.handshakePolicy
			.judge(new PeerOffer(peer, session.getRemoteAddress(), this.node.sessions.activeCount()));
		if (!decision.accepted()) {
			deny(session, HandshakeFailure.DENIED_LOCALLY, decision.reason(), false);
			return false;
		}
		Frame accept = new Frame(ControlCode.ACCEPT, this.codec.writeAccept(this.node.identity,
				(session.path() == SessionPath.DIRECT) ? session.getRemoteAddress() : null));
		PeerRegistry.Activation activation = this.node.sessions.activate(session, () -> session.enqueue(List.of(), accept, null));
		if (activation.gone()) {
			return false;
		}
		if (!activation.activated()) {
			deny(session, null, "already connected to node '" + this.node.getNodeId() + "'", true);
			return false;
		}
		closeDisplaced(activation.displaced(), session);
		activated(session);
		return true;
	}

	boolean accepted(DefaultPeerSession session, byte[] payload) {
		PeerIdentity peer;
		try {
			peer = this.codec.readIdentity(payload);
		}
		catch (MalformedHandshakeException ex) {
			fail(session, HandshakeFailure.MALFORMED, "malformed ACCEPT: " + ex.getMessage());
			return false;
		}
		if (peer.protocol() != PeerIdentity.PROTOCOL_VERSION) {
			fail(session, HandshakeFailure.MALFORMED, "peer at " + session.getRemoteAddress()
					+ " answered with protocol version " + peer.protocol() + ", this node speaks "
					+ PeerIdentity.PROTOCOL_VERSION);
			return false;
		}
		if (!this.node.getNetworkId().equals(peer.networkId()) || this.node.getNodeId().equals(peer.nodeId())) {
			fail(session, HandshakeFailure.DENIED_LOCALLY,
					"peer at " + session.getRemoteAddress() + " is node '" + peer.nodeId() + "' of network '"
							+ peer.networkId() + "'");
			return false;
		}
		if (this.node.settings.getNetworkKey() != null) {
			KeyExchange exchange = session.keyExchange;
			if (exchange == null || !exchange.listenerProved) {
				fail(session, HandshakeFailure.UNAUTHENTICATED, "the peer at " + session.getRemoteAddress()
						+ " accepted without proving the network key (it has none configured?)");
				return false;
			}
			if (!exchange.transcript.listenerNodeId().equals(peer.nodeId())) {
				fail(session, HandshakeFailure.MALFORMED, "the peer at " + session.getRemoteAddress()
						+ " proved the key as '" + exchange.transcript.listenerNodeId() + "' but accepted as '"
						+ peer.nodeId() + "'");
				return false;
			}
		}
		String notAllowed = this.allowList.check(session.connection().getSslSession(), peer.nodeId());
		if (notAllowed != null) {
			fail(session, HandshakeFailure.NOT_ALLOWED, notAllowed);
			return false;
		}
		session.identify(peer);
		PeerRegistry.Activation activation = this.node.sessions.activate(session, () -> {
		});
		if (activation.gone()) {
			return false;
		}
		if (!activation.activated()) {
			// the peer dialled us at the same moment and that connection won; it has accepted
			// this one already, so say goodbye rather than just dropping it
			coveredElsewhere(session, peer.nodeId());
			String reason = "another connection to '" + peer.nodeId() + "' was kept";
			session.closeReason = DisconnectReason.DUPLICATE;
			session.closeDetail = reason;
			cancelTimer(session);
			this.sessions.closeAfter(session, this.sessions.bye(reason, true));
			return false;
		}
		closeDisplaced(activation.displaced(), session);
		activated(session);
		InetSocketAddress observed = (session.path() == SessionPath.DIRECT) ? this.codec.readObserved(payload) : null;
		if (observed != null) {
			this.node.publish(new AddressObservedEvent(this.node.eventSource(), session, observed));
		}
		return true;
	}

	void denied(DefaultPeerSession session, byte[] payload) {
		String nodeId = this.codec.readNodeId(payload);
		if (this.codec.isDuplicate(payload) && nodeId != null) {
			coveredElsewhere(session, nodeId);
			session.closeReason = DisconnectReason.DUPLICATE;
			session.connection().close();
			return;
		}
		fail(session, HandshakeFailure.DENIED_BY_PEER, "denied by peer: " + this.codec.readReason(payload));
	}

	/**
	 * This connection lost to another connection with the same peer: its dial is answered by
	 * that session, now or when it becomes active (within the handshake timeout).
	 */
	private void coveredElsewhere(DefaultPeerSession session, String nodeId) {
		DialRequest request = session.dialRequest;
		session.dialRequest = null;
		if (request == null) {
			return;
		}
		DefaultPeerSession existing = this.node.sessions.find(nodeId);
		if (existing != null) {
			answered(request, existing);
			return;
		}
		List<DialRequest> pending = this.waiting.computeIfAbsent(nodeId, (key) -> new CopyOnWriteArrayList<>());
		pending.add(request);
		// the kept session may have become active between the look-up above and the add
		DefaultPeerSession kept = this.node.sessions.find(nodeId);
		if (kept != null && pending.remove(request)) {
			answered(request, kept);
			return;
		}
		this.node.threads().timers.schedule(() -> {
			List<DialRequest> still = this.waiting.get(nodeId);
			if (still != null && still.remove(request)) {
				failed(request, "the connection to '" + nodeId + "' that was kept did not complete its handshake");
			}
		}, this.node.settings.getHandshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Fail every dial still waiting for a kept session (the node is stopping).
	 * @param reason why
	 */
	void failWaiting(String reason) {
		this.waiting.values().forEach((pending) -> pending.forEach((request) -> failed(request, reason)));
		this.waiting.clear();
	}

	private static void answered(DialRequest request, DefaultPeerSession session) {
		request.result.complete(session);
		if (request.dialer != null) {
			request.dialer.coveredBy(session.getNodeId());
		}
	}

	private static void failed(DialRequest request, String reason) {
		request.result.completeExceptionally(new PeerNotConnectedException(reason));
		if (request.dialer != null) {
			request.dialer.lost(reason, false);
		}
	}

	private void closeDisplaced(@Nullable DefaultPeerSession displaced, DefaultPeerSession winner) {
		if (displaced != null && displaced.upgrading && displaced.getState() == SessionState.ACTIVE) {
			PathSwitch.start(displaced, winner);
		}
		else if (displaced != null) {
			this.sessions.close(displaced, DisconnectReason.DUPLICATE,
					"replaced by a newer connection " + winner.getLocalAddress() + " <-> " + winner.getRemoteAddress());
		}
	}

	private void activated(DefaultPeerSession session) {
		cancelTimer(session);
		this.node.metrics.handshakeSucceeded();
		logger.info("Peer '" + session.getNodeId() + "' connected (" + session.getDirection().name().toLowerCase()
				+ ", " + session.getRemoteAddress() + ")");
		this.node.publish(new PeerConnectedEvent(this.node.eventSource(), session));
		this.node.extensionsSessionActive(session);
		DialRequest request = session.dialRequest;
		if (request != null) {
			request.result.complete(session);
			if (request.dialer != null) {
				request.dialer.connected();
			}
		}
		List<DialRequest> pending = this.waiting.remove(session.getNodeId());
		if (pending != null) {
			pending.forEach((covered) -> answered(covered, session));
		}
	}

	private void handshakeTimedOut(DefaultPeerSession session) {
		if (session.getState() == SessionState.HANDSHAKING) {
			String waitingFor = (session.getDirection() == Direction.INBOUND) ? "no complete HELLO"
					: "no answer to HELLO";
			this.node.metrics.limitExceeded(Limit.HANDSHAKE_TIMEOUT);
			fail(session, HandshakeFailure.TIMEOUT,
					waitingFor + " within " + this.node.settings.getHandshakeTimeout().toMillis() + " ms");
		}
	}

	private void deny(DefaultPeerSession session, @Nullable HandshakeFailure failure, String reason, boolean duplicate) {
		session.handshakeFailure = failure;
		session.closeDetail = reason;
		if (duplicate) {
			session.closeReason = DisconnectReason.DUPLICATE;
		}
		cancelTimer(session);
		byte[] payload = this.codec.writeReason(reason, this.node.getNodeId(), duplicate);
		this.sessions.closeAfter(session, new Frame(ControlCode.DENY, payload));
	}

	/**
	 * Refuse a connection a limit does not admit: DENY with the reason, then close.
	 */
	void refuse(DefaultPeerSession session, String detail) {
		deny(session, HandshakeFailure.LIMIT_EXCEEDED, detail, false);
	}

	void fail(DefaultPeerSession session, HandshakeFailure failure, String detail) {
		session.handshakeFailure = failure;
		session.closeDetail = detail;
		cancelTimer(session);
		session.connection().close();
	}

	static void cancelTimer(DefaultPeerSession session) {
		ScheduledFuture<?> timer = session.handshakeTimer;
		if (timer != null) {
			timer.cancel(false);
		}
	}

	void ended(DefaultPeerSession session, @Nullable Throwable cause) {
		HandshakeFailure failure = session.handshakeFailure;
		if (failure == null && session.closeReason == DisconnectReason.DUPLICATE) {
			return; // not a failure: the peer is connected through another session
		}
		if (failure == null && session.dialBackProbe) {
			return; // not a failure: the connection only checked that this node can be reached
		}
		KeyExchange exchange = session.keyExchange;
		if (failure == null && exchange != null && exchange.hello != null && !isTls(cause)) {
			// the dialer left after this node's CHALLENGE: it could not verify the proof
			failure = HandshakeFailure.UNAUTHENTICATED;
			session.closeDetail = "the peer closed the connection after the CHALLENGE instead of proving the network key"
					+ " (it has another key, or none)";
		}
		if (failure == null) {
			failure = (cause instanceof FrameDecodingException) ? HandshakeFailure.MALFORMED
					: isTls(cause) ? HandshakeFailure.TLS : HandshakeFailure.CONNECTION_LOST;
		}
		String detail = session.closeDetail;
		boolean inbound = session.getDirection() == Direction.INBOUND;
		this.node.metrics.handshakeFailed(failure);
		long heldBack = this.failureLog.tryLog(failure.ordinal());
		if (heldBack >= 0) {
			logger.warn("Handshake with " + (inbound ? "" : "peer at ") + session.getRemoteAddress() + " failed ("
					+ failure.tag() + "): " + detail + ((heldBack > 0)
							? " (" + heldBack + " more " + failure.tag() + " failures since the last such line)" : ""));
		}
		PeerIdentity peer = session.getIdentity();
		this.node.publish(new PeerHandshakeFailedEvent(this.node.eventSource(), session.getRemoteAddress(),
				(peer != null) ? peer.nodeId() : null, inbound, failure, detail));
		DialRequest request = session.dialRequest;
		if (request != null) {
			failed(request, "Handshake with " + request.address + " failed (" + failure.tag() + "): " + detail);
		}
	}

	private static boolean isTls(@Nullable Throwable cause) {
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (current instanceof SSLException) {
				return true;
			}
		}
		return false;
	}

}
