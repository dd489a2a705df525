package dev.p2p.compat.peerpy;

/**
 * A message of peerpy's TCP protocol: a {@link PeerpyHello}, a {@link PeerpyData} or one of
 * the field-less {@link PeerpyControl} headers.
 */
public sealed interface PeerpyMessage permits PeerpyHello, PeerpyData, PeerpyControl {

	/**
	 * The bytes to write, in one write (peerpy reads each header with one {@code recv}).
	 * @return the encoded message
	 */
	byte[] toBytes();

}
