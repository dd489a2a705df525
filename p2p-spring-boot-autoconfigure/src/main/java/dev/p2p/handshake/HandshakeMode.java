package dev.p2p.handshake;

/**
 * Whether connections start with a handshake.
 */
public enum HandshakeMode {

	/** The dialer sends HELLO, the listener answers ACCEPT or DENY before any packet flows. */
	HELLO,

	/**
	 * No handshake: raw dpea-p2p frames from the first byte, so unmodified dpea-p2p clients and
	 * servers can talk to the node. A peer's identity is its remote address.
	 */
	NONE

}
