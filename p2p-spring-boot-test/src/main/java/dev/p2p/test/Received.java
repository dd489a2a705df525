package dev.p2p.test;

import java.time.Instant;

/**
 * A packet a {@link TestPeer} received, with its payload decoded.
 *
 * @param <T> the payload type
 * @param type the packet type
 * @param payload the decoded payload
 * @param from node id of the sender
 * @param receivedAt when it arrived
 */
public record Received<T>(Enum<?> type, T payload, String from, Instant receivedAt) {
}
