package dev.p2p.peer;

import java.time.Duration;

/**
 * A stream the receiver read to its end and confirmed.
 *
 * @param streamId the stream's id on its connection
 * @param bytes data bytes sent
 * @param sha256 SHA-256 of the data as lower-case hex, checked by the receiver
 * @param duration from opening the stream to the receiver's confirmation
 */
public record StreamResult(int streamId, long bytes, String sha256, Duration duration) {
}
