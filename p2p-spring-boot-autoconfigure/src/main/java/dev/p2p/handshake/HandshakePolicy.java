package dev.p2p.handshake;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.peer.PeerIdentity;

/**
 * Decides on a HELLO: first the built-in checks (protocol version, network id, not ourselves,
 * connection limit), then the user's {@link HandshakeInterceptor}s in order. The first denial
 * wins.
 */
public final class HandshakePolicy {

	private static final Log logger = LogFactory.getLog(HandshakePolicy.class);

	private final String localNodeId;

	private final String networkId;

	private final int maxConnections;

	private final List<HandshakeInterceptor> interceptors;

	/**
	 * Create the policy.
	 * @param localNodeId this node's id
	 * @param networkId this node's network id
	 * @param maxConnections most sessions accepted, 0 for no limit
	 * @param interceptors user hooks, in order
	 */
	public HandshakePolicy(String localNodeId, String networkId, int maxConnections,
			List<HandshakeInterceptor> interceptors) {
		this.localNodeId = localNodeId;
		this.networkId = networkId;
		this.maxConnections = maxConnections;
		this.interceptors = List.copyOf(interceptors);
	}

	/**
	 * Judge an offer.
	 * @param offer the peer and its HELLO
	 * @return the decision
	 */
	public HandshakeDecision judge(PeerOffer offer) {
		PeerIdentity peer = offer.identity();
		if (peer.protocol() != PeerIdentity.PROTOCOL_VERSION) {
			return HandshakeDecision.deny("protocol version " + peer.protocol() + " is not supported (this node speaks "
					+ PeerIdentity.PROTOCOL_VERSION + ")");
		}
		if (!this.networkId.equals(peer.networkId())) {
			return HandshakeDecision.deny("network id '" + peer.networkId() + "' does not match this node's network id '"
					+ this.networkId + "'");
		}
		if (this.localNodeId.equals(peer.nodeId())) {
			return HandshakeDecision.deny("node id '" + peer.nodeId() + "' is this node's own id");
		}
		if (this.maxConnections > 0 && offer.activeSessions() >= this.maxConnections) {
			return HandshakeDecision.deny("connection limit of " + this.maxConnections + " reached");
		}
		for (HandshakeInterceptor interceptor : this.interceptors) {
			HandshakeDecision decision;
			try {
				decision = interceptor.onOffer(offer);
			}
			catch (RuntimeException ex) {
				logger.error("Handshake interceptor " + interceptor + " failed on the offer of " + peer.nodeId()
						+ "; denying", ex);
				return HandshakeDecision.deny("offer check failed");
			}
			if (decision == null || !decision.accepted()) {
				return (decision != null) ? decision : HandshakeDecision.deny("denied");
			}
		}
		return HandshakeDecision.accept();
	}

}
