package dev.p2p.session;

import dev.p2p.event.DisconnectReason;
import dev.p2p.peer.PeerSession;

/**
 * A session whose connection the engine does not run: a peer of another wire protocol (the
 * peerpy profile, {@code dev.p2p.compat.peerpy}) that its own code reads and writes. Attached
 * to the node with {@link AttachedSessions#attach}, it is found, listed, counted and sent to
 * like a native session; its packets reach the listeners through
 * {@link AttachedSessions#deliver}.
 */
public interface AttachedSession extends PeerSession {

	/**
	 * Write an application packet to the peer, in its own wire format.
	 * @param type the packet type
	 * @param payload the payload, encoded by the type's codec
	 * @throws dev.p2p.peer.PeerNotConnectedException if the session is closed, or the peer's
	 * protocol cannot carry packets of that type
	 */
	void sendPacket(Enum<?> type, byte[] payload);

	/**
	 * Close the connection (the session then detaches itself).
	 * @param reason why
	 * @param detail the reason in words
	 */
	void close(DisconnectReason reason, String detail);

}
