package dev.p2p.relay;

import dev.p2p.peer.PeerSession;
import dev.p2p.wire.Frame;

/**
 * What owns a circuit id on a hop session: the relay's forwarding state, or an end's connection.
 */
interface CircuitEnd {

	/**
	 * A circuit frame (ACCEPT, DATA, CREDIT, CLOSE, or RELAY_REFUSED for the circuit) arrived on
	 * the hop, on its reader thread: must not block.
	 * @param hop the hop session it came on
	 * @param frame the frame
	 */
	void frame(PeerSession hop, Frame frame);

	/**
	 * The hop session ended: the circuit is gone.
	 * @param hop the hop session
	 * @param detail why, in words
	 */
	void hopLost(PeerSession hop, String detail);

}
