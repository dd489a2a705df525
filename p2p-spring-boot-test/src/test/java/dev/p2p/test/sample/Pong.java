package dev.p2p.test.sample;

/**
 * A pong.
 * @param text the ping's text
 * @param to who sent the ping
 */
public record Pong(String text, String to) {
}
