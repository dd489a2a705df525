package dev.p2p.relay;

import dev.p2p.transport.InboundFrames;

/**
 * The session engine as a circuit sees it: the node's connection handler, told about the
 * circuit's connection like about any other.
 */
interface CircuitSessions {

	/** The circuit's connection opened (on its reader thread, before anything is read). */
	void opened(CircuitConnection connection);

	/** Frames arrived on the circuit (its reader thread). */
	void received(CircuitConnection connection, InboundFrames frames);

	/** The circuit's connection closed; called once. */
	void closed(CircuitConnection connection);

}
