package dev.p2p.sample;

/**
 * A peer's status, broadcast as JSON.
 *
 * @param from sender's node id
 * @param sequence counts up from 1 per sender
 * @param heapUsedMb used heap in MiB
 * @param peers how many peers the sender is connected to
 */
public record Telemetry(String from, long sequence, long heapUsedMb, int peers) {
}
