package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.net.Socket;

/** Closing peerpy connections the one way peerpy notices. */
final class PeerpySockets {

	private PeerpySockets() {
	}

	/**
	 * Close with a reset (SO_LINGER 0): on a FIN peerpy's connection thread spins forever and
	 * never drops the connection; a reset makes it close cleanly.
	 * @param socket the socket
	 */
	static void reset(Socket socket) {
		try {
			if (!socket.isClosed()) {
				socket.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			// closing anyway
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

}
