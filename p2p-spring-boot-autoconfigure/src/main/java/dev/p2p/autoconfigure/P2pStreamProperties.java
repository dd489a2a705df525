package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * Streams sent with PacketOperations.stream and read by InputStream listeners.
 * <p>
 * Bound under {@code p2p.stream} as part of {@link P2pProperties}.
 */
public class P2pStreamProperties {

	/**
	 * Most data bytes per chunk this node sends (1B to 65532B: chunks are control frames,
	 * which are capped at 64KiB).
	 */
	private DataSize chunkSize = DataSize.ofKilobytes(16);

	/**
	 * Most bytes of one incoming stream buffered for its listener: the credit granted to
	 * the sender, which may not have more un-credited bytes in flight. At least the chunk
	 * size; memory per stream stays within it on both sides.
	 */
	private DataSize window = DataSize.ofKilobytes(256);

	/**
	 * Most streams open at once per peer and direction; further ones are refused.
	 */
	private int maxConcurrent = 16;

	/**
	 * A stream with no progress for this long (no credit for its sender, no data for its
	 * reader) fails on both sides.
	 */
	private Duration idleTimeout = Duration.ofSeconds(30);

	public DataSize getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(DataSize chunkSize) {
		this.chunkSize = chunkSize;
	}

	public DataSize getWindow() {
		return this.window;
	}

	public void setWindow(DataSize window) {
		this.window = window;
	}

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(int maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

}
