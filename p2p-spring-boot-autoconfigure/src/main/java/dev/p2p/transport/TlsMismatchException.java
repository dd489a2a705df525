package dev.p2p.transport;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * A connection of a node without TLS received a TLS record (a ClientHello, or a TLS alert
 * answering this node's plaintext HELLO): the peer uses TLS ({@code p2p.ssl.bundle}) and this
 * node does not. An {@link SSLException}, so it is reported as a TLS handshake failure.
 */
public class TlsMismatchException extends SSLException {

	private static final long serialVersionUID = 1L;

	private static final int HANDSHAKE = 0x16;

	private static final int ALERT = 0x15;

	/**
	 * Create the exception.
	 * @param message what was received
	 */
	public TlsMismatchException(String message) {
		super(message);
	}

	/**
	 * Look at the first three bytes of a plaintext connection: a TLS record (a handshake record
	 * {@code 0x16 0x03 0x0n}, as a ClientHello starts, or an alert {@code 0x15 0x03 0x0n}, as a
	 * TLS server answers a plaintext HELLO) cannot start this protocol's first frame.
	 * @param type the first byte (TLS content type)
	 * @param major the second byte
	 * @param minor the third byte
	 * @return the exception to close the connection with, or {@code null} when it is no TLS record
	 */
	public static @Nullable TlsMismatchException ifTlsRecord(int type, int major, int minor) {
		if ((type != HANDSHAKE && type != ALERT) || major != 0x03 || minor > 0x04) {
			return null;
		}
		return new TlsMismatchException((type == HANDSHAKE) ? "the peer opened a TLS handshake (TLS ClientHello)"
				: "the peer answered with a TLS alert");
	}

}
