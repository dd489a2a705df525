/**
 * Connections: the Spring Integration IP (TCP, TLS) transport that reads and writes frames.
 */
@NullMarked
package dev.p2p.transport;

import org.jspecify.annotations.NullMarked;
