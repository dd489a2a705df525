/**
 * The session engine: sessions, their queues, handshake exchange, inbound routing, sending and closing.
 */
@NullMarked
package dev.p2p.session;

import org.jspecify.annotations.NullMarked;
