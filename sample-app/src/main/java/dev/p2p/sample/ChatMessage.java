package dev.p2p.sample;

/**
 * A chat line, sent as JSON.
 *
 * @param from sender's node id
 * @param text the line
 */
public record ChatMessage(String from, String text) {
}
