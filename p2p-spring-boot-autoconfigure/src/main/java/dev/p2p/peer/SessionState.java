package dev.p2p.peer;

/**
 * Life cycle of a {@link PeerSession}.
 */
public enum SessionState {

	/** Connected, handshake in progress; no packets are delivered yet. */
	HANDSHAKING,

	/** Established: packets flow both ways. */
	ACTIVE,

	/** Saying goodbye: queued frames are drained, then the connection closes. */
	CLOSING,

	/** The connection is closed. */
	CLOSED

}
