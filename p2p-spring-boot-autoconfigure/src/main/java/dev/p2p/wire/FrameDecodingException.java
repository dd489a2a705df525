package dev.p2p.wire;

import java.io.IOException;

/**
 * A stream that cannot be decoded any further; the connection it came from must be closed.
 */
public class FrameDecodingException extends IOException {

	private final String reason;

	/**
	 * Create an exception.
	 * @param reason short machine-friendly reason (for events and metric tags)
	 * @param message what went wrong, naming the values seen and the limits
	 */
	public FrameDecodingException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Short machine-friendly reason, such as {@code oversize} or {@code truncated}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
