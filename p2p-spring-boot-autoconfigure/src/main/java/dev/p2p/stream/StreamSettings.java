package dev.p2p.stream;

import java.time.Duration;

import dev.p2p.wire.StreamFrames;

/**
 * How streams behave ({@code p2p.stream.*}).
 *
 * @param chunkSize most data bytes per STREAM_CHUNK this node sends, 1 to 65 532
 * @param window most bytes of one stream this node buffers for its reader, i.e. the credit it
 * grants a sender; at least the chunk size
 * @param maxConcurrent most streams open at once per session and direction
 * @param idleTimeout a stream with no progress for this long fails on both sides
 */
public record StreamSettings(int chunkSize, int window, int maxConcurrent, Duration idleTimeout) {

	/** 16 KiB chunks, a 256 KiB window, 16 streams per session and direction, 30 s idle timeout. */
	public static final StreamSettings DEFAULTS = new StreamSettings(16 * 1024, 256 * 1024, 16,
			Duration.ofSeconds(30));

	public StreamSettings {
		if (chunkSize < 1 || chunkSize > StreamFrames.MAX_CHUNK_DATA) {
			throw new IllegalArgumentException(
					"chunk size must be from 1 to " + StreamFrames.MAX_CHUNK_DATA + " bytes, was " + chunkSize);
		}
		if (window < chunkSize) {
			throw new IllegalArgumentException(
					"window must be at least the chunk size (" + chunkSize + " bytes), was " + window);
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("max concurrent streams must be at least 1, was " + maxConcurrent);
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
		}
	}

}
