package dev.p2p.security;

import java.nio.charset.StandardCharsets;

/**
 * The two proofs of the network-key handshake (docs/PROTOCOL.md §5.8). Both cover the same
 * transcript, the dialer's and the listener's nonces, both node ids and the network id, under
 * different domains, so neither proof can be replayed as the other, nor on another connection.
 *
 * @param dialerNonce the nonce the dialer sent in HELLO
 * @param listenerNonce the nonce the listener sent in CHALLENGE
 * @param dialerNodeId the dialer's node id (from HELLO)
 * @param listenerNodeId the listener's node id (from CHALLENGE)
 * @param networkId the dialer's network id (from HELLO)
 */
public record HandshakeProof(byte[] dialerNonce, byte[] listenerNonce, String dialerNodeId, String listenerNodeId,
		String networkId) {

	/** Domain of the listener's proof, in CHALLENGE. */
	public static final String LISTENER_DOMAIN = "p2p/1 handshake listener";

	/** Domain of the dialer's proof, in PROOF. */
	public static final String DIALER_DOMAIN = "p2p/1 handshake dialer";

	/**
	 * The listener's proof.
	 * @param key the network key
	 * @return the code to send in CHALLENGE
	 */
	public byte[] listener(NetworkKey key) {
		return key.mac(LISTENER_DOMAIN, parts());
	}

	/**
	 * The dialer's proof.
	 * @param key the network key
	 * @return the code to send in PROOF
	 */
	public byte[] dialer(NetworkKey key) {
		return key.mac(DIALER_DOMAIN, parts());
	}

	/**
	 * Whether the listener's proof verifies.
	 * @param key the network key
	 * @param proof the proof received in CHALLENGE
	 * @return {@code true} if the listener holds the key
	 */
	public boolean verifyListener(NetworkKey key, byte[] proof) {
		return key.verify(proof, LISTENER_DOMAIN, parts());
	}

	/**
	 * Whether the dialer's proof verifies.
	 * @param key the network key
	 * @param proof the proof received in PROOF
	 * @return {@code true} if the dialer holds the key
	 */
	public boolean verifyDialer(NetworkKey key, byte[] proof) {
		return key.verify(proof, DIALER_DOMAIN, parts());
	}

	private byte[][] parts() {
		return new byte[][] { this.dialerNonce, this.listenerNonce, utf8(this.dialerNodeId), utf8(this.listenerNodeId),
				utf8(this.networkId) };
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
