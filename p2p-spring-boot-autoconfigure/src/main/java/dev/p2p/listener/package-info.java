/**
 * @PacketListener methods: registration and dispatch of inbound packets.
 */
@NullMarked
package dev.p2p.listener;

import org.jspecify.annotations.NullMarked;
