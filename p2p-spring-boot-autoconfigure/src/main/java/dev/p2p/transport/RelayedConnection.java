package dev.p2p.transport;

/**
 * A connection carried inside a relay circuit rather than on a socket of its own: sessions on
 * it are {@code RELAYED}.
 */
public interface RelayedConnection {

	/**
	 * The relay that carries the connection.
	 * @return the relay's node id
	 */
	String relayNodeId();

}
