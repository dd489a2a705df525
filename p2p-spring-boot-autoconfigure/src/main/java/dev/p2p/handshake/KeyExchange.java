package dev.p2p.handshake;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.HandshakeProof;

/**
 * One connection's network-key exchange (docs/PROTOCOL.md §5.8): the dialer's nonce, and once
 * the CHALLENGE is out (listener) or in (dialer), the transcript both proofs cover.
 */
public final class KeyExchange {

	/** The dialer's HELLO nonce. */
	final byte[] dialerNonce;

	/** What the proofs cover, once both nonces are known. */
	volatile @Nullable HandshakeProof transcript;

	/** Listener: the HELLO that waits for the dialer's PROOF. */
	volatile @Nullable PeerIdentity hello;

	/** Dialer: whether the listener proved the key (its ACCEPT is expected next). */
	volatile boolean listenerProved;

	KeyExchange(byte[] dialerNonce) {
		this.dialerNonce = dialerNonce;
	}

}
