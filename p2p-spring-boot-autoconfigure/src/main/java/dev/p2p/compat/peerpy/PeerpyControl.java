package dev.p2p.compat.peerpy;

/**
 * The field-less peerpy headers.
 *
 * <pre>
 * ACCEPT||||...|   "ACCEPT" + 122 x '|'   the listener takes the HELLO
 * DENY||||||...|   "DENY"   + 124 x '|'   the listener refuses it (then closes)
 * PING||||||...|   "PING"   + 124 x '|'   keepalive after ~2 s of receive silence; never answered
 * </pre>
 */
public enum PeerpyControl implements PeerpyMessage {

	/** The offer is taken. */
	ACCEPT,

	/** The offer is refused. */
	DENY,

	/** peerpy's keepalive, ignored on receipt. */
	PING;

	@Override
	public byte[] toBytes() {
		return PeerpyHeader.of(name()).toBytes();
	}

}
