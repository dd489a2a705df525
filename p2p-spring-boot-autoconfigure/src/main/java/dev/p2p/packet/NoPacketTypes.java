package dev.p2p.packet;

/**
 * Stand-in used when {@code p2p.packet-types} is not set: the node connects and shakes hands,
 * but every application frame is an unknown type.
 */
public enum NoPacketTypes {

}
