package dev.p2p.handshake;

/**
 * The listener's CHALLENGE when a network key is set: who it is, its fresh nonce, and its
 * proof that it holds the key (see docs/PROTOCOL.md §5.8).
 *
 * @param nodeId the listener's node id
 * @param nonce the listener's fresh nonce
 * @param proof the listener's proof over both nonces and both ids
 */
public record Challenge(String nodeId, byte[] nonce, byte[] proof) {

}
