package dev.p2p.peer;

/**
 * Which side opened a session's connection.
 */
public enum Direction {

	/** The peer dialled this node. */
	INBOUND,

	/** This node dialled the peer. */
	OUTBOUND

}
