package dev.p2p.membership;

/**
 * A packet type a peer has listeners for, as its answer to the built-in {@code GET_FUNCS}
 * command reports it.
 *
 * @param name the enum constant's name
 * @param code the wire type code (unsigned 32 bits)
 */
public record ListenerType(String name, long code) {
}
