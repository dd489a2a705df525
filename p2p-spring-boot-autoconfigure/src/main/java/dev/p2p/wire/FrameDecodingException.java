package dev.p2p.wire;

import java.io.IOException;

/**
 * A stream that cannot be decoded any further; the connection it came from must be closed.
 *
 * <p>What the peer sent is in the message; no stack trace is recorded (it would always show the
 * decoder): a flood of malformed connections makes one of these per connection, and filling in
 * the stack was a measurable part of what each cost the event loop.
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

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/**
	 * Short machine-friendly reason, such as {@code oversize} or {@code truncated}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
