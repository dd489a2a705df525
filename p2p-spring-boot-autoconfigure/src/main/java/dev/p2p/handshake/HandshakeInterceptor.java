package dev.p2p.handshake;

/**
 * Decides whether a peer that sent HELLO may connect (peerpy's "offer" handler). Declare beans
 * of this type; they run in order after the built-in checks (protocol version, network id,
 * connection limit) and the first denial wins. Runs on the connection's reader thread before
 * any packet is accepted from it, so keep it quick.
 *
 * <pre class="code">
 * &#64;Bean
 * HandshakeInterceptor onlyRobots() {
 *     return (offer) -&gt; offer.nodeId().startsWith("robot-")
 *             ? HandshakeDecision.accept() : HandshakeDecision.deny("robots only");
 * }
 * </pre>
 */
@FunctionalInterface
public interface HandshakeInterceptor {

	/**
	 * Judge an offer.
	 * @param offer the peer and its HELLO
	 * @return accept, or deny with a reason
	 */
	HandshakeDecision onOffer(PeerOffer offer);

}
