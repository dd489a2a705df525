package dev.p2p.handshake;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.AddressObservedEvent;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionPath;
import dev.p2p.peer.SessionState;
import dev.p2p.security.AllowList;
import dev.p2p.security.HandshakeProof;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The HELLO/ACCEPT/DENY exchange of a connection (docs/PROTOCOL.md §5): the dialer's HELLO,
 * the network-key CHALLENGE and PROOF, the listener's decision (allow-list, built-in checks
 * and interceptors), the timeout, and the report of a failed handshake. The session registry
 * and the dials belong to the engine ({@link HandshakeHost}).
 *
 * @param <S> the engine's session type
 */
public final class HandshakeExchange<S extends HandshakeSession> {

	private static final Log logger = LogFactory.getLog(HandshakeExchange.class);

	private final HandshakeHost<S> node;

	private final HandshakePolicy policy;

	private final HandshakeCodec codec;

	private final AllowList allowList;

	private final HandshakeFailures<S> failures;

	/**
	 * Create the exchange.
	 * @param node the node's side
	 * @param policy decides on HELLOs
	 * @param codec reads and writes handshake payloads
	 * @param allowList the peers and certificates allowed, if restricted
	 */
	public HandshakeExchange(HandshakeHost<S> node, HandshakePolicy policy, HandshakeCodec codec, AllowList allowList) {
		this.node = node;
		this.policy = policy;
		this.codec = codec;
		this.allowList = allowList;
		this.failures = new HandshakeFailures<>(node);
	}

	/**
	 * Start the handshake of a new connection: arm the timeout and, as the dialer, send HELLO.
	 */
	public void start(S session) {
		session.handshakeTimer(this.node.timers().schedule(() -> handshakeTimedOut(session),
				this.node.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS));
		Duration hello = this.node.helloTimeout();
		if (session.getDirection() == Direction.INBOUND && hello.compareTo(this.node.handshakeTimeout()) < 0) {
			// not cancelled: it finds the HELLO (or the session gone) and does nothing
			this.node.timers().schedule(() -> helloTimedOut(session, hello), hello.toMillis(), TimeUnit.MILLISECONDS);
		}
		if (session.getDirection() == Direction.OUTBOUND) {
			byte[] nonce = null;
			if (this.node.networkKey() != null) {
				nonce = NetworkKey.nonce();
				session.keyExchange(new KeyExchange(nonce));
			}
			byte[] greeting = this.codec.writeIdentity(this.node.identity(), nonce);
			session.sendHandshake(new Frame(ControlCode.HELLO,
					this.node.announcesDelivery() ? this.codec.withDelivery(greeting) : greeting));
		}
	}

	/**
	 * Handshake mode none: the connection is a session from its first byte.
	 */
	public void activateWithoutHandshake(S session) {
		if (this.node.activate(session, () -> {
		}) == HandshakeHost.Activation.ACTIVATED) {
			activated(session);
		}
	}

	public boolean hello(S session, byte[] payload) {
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
		session.deliveryAgreed(this.node.announcesDelivery() && this.codec.readDelivery(payload));
		NetworkKey key = this.node.networkKey();
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
		HandshakeProof transcript = new HandshakeProof(nonce, listenerNonce, peer.nodeId(), this.node.identity().nodeId(),
				peer.networkId());
		exchange.transcript = transcript;
		exchange.hello = peer;
		session.keyExchange(exchange);
		session.sendHandshake(new Frame(ControlCode.CHALLENGE, this.codec.writeChallenge(
				new Challenge(this.node.identity().nodeId(), listenerNonce, transcript.listener(key)))));
		return true;
	}

	/**
	 * Listener: the dialer's PROOF answers the CHALLENGE; if it verifies, the HELLO is judged.
	 */
	public boolean proof(S session, byte[] payload) {
		KeyExchange exchange = session.keyExchange();
		NetworkKey key = this.node.networkKey();
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
	public boolean challenged(S session, byte[] payload) {
		KeyExchange exchange = session.keyExchange();
		NetworkKey key = this.node.networkKey();
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
		HandshakeProof transcript = new HandshakeProof(exchange.dialerNonce, challenge.nonce(), this.node.identity().nodeId(),
				challenge.nodeId(), this.node.identity().networkId());
		if (!transcript.verifyListener(key, challenge.proof())) {
			fail(session, HandshakeFailure.UNAUTHENTICATED, "the peer at " + session.getRemoteAddress()
					+ " does not hold this network's key (its CHALLENGE proof did not verify)");
			return false;
		}
		exchange.transcript = transcript;
		exchange.listenerProved = true;
		session.sendHandshake(new Frame(ControlCode.PROOF, this.codec.writeProof(transcript.dialer(key))));
		return true;
	}

	/**
	 * Listener: the HELLO (proved, when there is a key) goes through the checks, the allow-list
	 * and duplicate resolution; the peer is accepted or denied.
	 */
	private boolean admit(S session, PeerIdentity peer) {
		String notAllowed = this.allowList.check(session.sslSession(), peer.nodeId());
		if (notAllowed != null) {
			deny(session, HandshakeFailure.NOT_ALLOWED, notAllowed, false);
			return false;
		}
		HandshakeDecision decision = this.policy
			.judge(new PeerOffer(peer, session.getRemoteAddress(), this.node.activeCount()));
		if (!decision.accepted()) {
			deny(session, HandshakeFailure.DENIED_LOCALLY, decision.reason(), false);
			return false;
		}
		byte[] acceptPayload = this.codec.writeAccept(this.node.identity(),
				(session.path() == SessionPath.DIRECT) ? session.getRemoteAddress() : null);
		Frame accept = new Frame(ControlCode.ACCEPT,
				session.isDeliveryAgreed() ? this.codec.withDelivery(acceptPayload) : acceptPayload);
		HandshakeHost.Activation activation = this.node.activate(session, () -> session.sendHandshake(accept));
		if (activation == HandshakeHost.Activation.GONE) {
			return false;
		}
		if (activation == HandshakeHost.Activation.DUPLICATE) {
			deny(session, null, "already connected to node '" + this.node.identity().nodeId() + "'", true);
			return false;
		}
		activated(session);
		return true;
	}

	public boolean accepted(S session, byte[] payload) {
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
		if (!this.node.identity().networkId().equals(peer.networkId()) || this.node.identity().nodeId().equals(peer.nodeId())) {
			fail(session, HandshakeFailure.DENIED_LOCALLY,
					"peer at " + session.getRemoteAddress() + " is node '" + peer.nodeId() + "' of network '"
							+ peer.networkId() + "'");
			return false;
		}
		if (this.node.networkKey() != null) {
			KeyExchange exchange = session.keyExchange();
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
		String notAllowed = this.allowList.check(session.sslSession(), peer.nodeId());
		if (notAllowed != null) {
			fail(session, HandshakeFailure.NOT_ALLOWED, notAllowed);
			return false;
		}
		session.identify(peer);
		session.deliveryAgreed(this.node.announcesDelivery() && this.codec.readDelivery(payload));
		HandshakeHost.Activation activation = this.node.activate(session, () -> {
		});
		if (activation == HandshakeHost.Activation.GONE) {
			return false;
		}
		if (activation == HandshakeHost.Activation.DUPLICATE) {
			// the peer dialled us at the same moment and that connection won; it has accepted
			// this one already, so say goodbye rather than just dropping it
			this.node.coveredElsewhere(session, peer.nodeId());
			String reason = "another connection to '" + peer.nodeId() + "' was kept";
			session.closing(DisconnectReason.DUPLICATE, reason);
			session.cancelHandshakeTimer();
			this.node.closeAfter(session, this.node.bye(reason, true));
			return false;
		}
		activated(session);
		InetSocketAddress observed = (session.path() == SessionPath.DIRECT) ? this.codec.readObserved(payload) : null;
		if (observed != null) {
			this.node.publish(new AddressObservedEvent(this.node.eventSource(), session, observed));
		}
		return true;
	}

	public void denied(S session, byte[] payload) {
		String nodeId = this.codec.readNodeId(payload);
		if (this.codec.isDuplicate(payload) && nodeId != null) {
			this.node.coveredElsewhere(session, nodeId);
			session.closing(DisconnectReason.DUPLICATE, null);
			session.closeConnection();
			return;
		}
		fail(session, HandshakeFailure.DENIED_BY_PEER, "denied by peer: " + this.codec.readReason(payload));
	}

	private void activated(S session) {
		session.cancelHandshakeTimer();
		this.node.metrics().handshakeSucceeded();
		logger.info("Peer '" + session.getNodeId() + "' connected (" + session.getDirection().name().toLowerCase()
				+ ", " + ((session.relay() != null) ? "relayed by '" + session.relay() + "'" : session.getRemoteAddress())
				+ ")");
		this.node.publish(new PeerConnectedEvent(this.node.eventSource(), session));
		this.node.established(session);
	}

	private void helloTimedOut(S session, Duration hello) {
		if (session.getState() == SessionState.HANDSHAKING && session.getIdentity() == null) {
			this.node.metrics().limitExceeded(Limit.HANDSHAKE_TIMEOUT);
			fail(session, HandshakeFailure.TIMEOUT,
					"no complete HELLO within " + hello.toMillis() + " ms (p2p.handshake.hello-timeout)");
		}
	}

	private void handshakeTimedOut(S session) {
		if (session.getState() == SessionState.HANDSHAKING) {
			String waitingFor = (session.getDirection() == Direction.INBOUND) ? "no complete HELLO"
					: "no answer to HELLO";
			this.node.metrics().limitExceeded(Limit.HANDSHAKE_TIMEOUT);
			fail(session, HandshakeFailure.TIMEOUT,
					waitingFor + " within " + this.node.handshakeTimeout().toMillis() + " ms");
		}
	}

	private void deny(S session, @Nullable HandshakeFailure failure, String reason, boolean duplicate) {
		session.handshakeFailed(failure, reason);
		if (duplicate) {
			session.closing(DisconnectReason.DUPLICATE, null);
		}
		session.cancelHandshakeTimer();
		byte[] payload = this.codec.writeReason(reason, this.node.identity().nodeId(), duplicate);
		this.node.closeAfter(session, new Frame(ControlCode.DENY, payload));
	}

	/**
	 * Refuse a connection a limit does not admit: DENY with the reason, then close.
	 */
	public void refuse(S session, String detail) {
		deny(session, HandshakeFailure.LIMIT_EXCEEDED, detail, false);
	}

	/**
	 * An inbound connection a limit refused before it got a session (its DENY was written and it
	 * is closed): count, log and publish the failure as {@link #ended} does for a session.
	 * @param remote the refused connection's address
	 * @param detail the limit's reason
	 */
	public void refusedOnAccept(InetSocketAddress remote, String detail) {
		this.failures.refusedOnAccept(remote, detail);
	}

	public void fail(S session, HandshakeFailure failure, String detail) {
		session.handshakeFailed(failure, detail);
		session.cancelHandshakeTimer();
		session.closeConnection();
	}

	/**
	 * The connection of a session in its handshake closed: count, log and publish the failure
	 * (unless it was not one), and let the engine forget the session.
	 * @param session the session
	 * @param cause why the connection closed, if known
	 */
	public void ended(S session, @Nullable Throwable cause) {
		this.failures.ended(session, cause);
	}

}
