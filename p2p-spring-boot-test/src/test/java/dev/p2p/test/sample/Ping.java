package dev.p2p.test.sample;

/**
 * A ping.
 * @param text what to echo
 */
public record Ping(String text) {
}
