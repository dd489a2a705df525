package dev.p2p.transport;

import javax.net.ssl.SSLException;

/**
 * A connection of a node without TLS received a TLS record (a ClientHello, or a TLS alert
 * answering this node's plaintext HELLO): the peer uses TLS ({@code p2p.ssl.bundle}) and this
 * node does not. An {@link SSLException}, so it is reported as a TLS handshake failure.
 */
public class TlsMismatchException extends SSLException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what was received
	 */
	public TlsMismatchException(String message) {
		super(message);
	}

}
