package dev.p2p.packet;

/**
 * A payload that could not be encoded or decoded.
 */
public class PacketCodecException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what failed, naming the codec and the type
	 * @param cause the underlying failure, may be {@code null}
	 */
	public PacketCodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
