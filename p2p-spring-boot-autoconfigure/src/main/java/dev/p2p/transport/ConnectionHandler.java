package dev.p2p.transport;

/**
 * What the peer layer does with connections the transport opens, reads and closes.
 * Every call for one connection comes in order; reads come on that connection's reader thread.
 */
public interface ConnectionHandler {

	/**
	 * A connection was accepted or dialled; it has not read anything yet.
	 * @param connection the new connection
	 */
	void connectionOpened(Connection connection);

	/**
	 * Frames arrived on a connection. Called on its reader thread: blocking here stops reading
	 * from this connection only (back-pressure), never from others.
	 * @param connection the connection
	 * @param frames what was read
	 */
	void framesReceived(Connection connection, InboundFrames frames);

	/**
	 * A connection closed; called once. {@link Connection#closeCause()} says why.
	 * @param connection the closed connection
	 */
	void connectionClosed(Connection connection);

}
