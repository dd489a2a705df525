/**
 * The event-loop transport ({@code p2p.transport=netty}): Netty channels on a few event-loop
 * threads (epoll where the native library loads, NIO elsewhere) instead of a thread per
 * connection. Frames are decoded with the same {@link dev.p2p.wire.FrameDecoder} and written with
 * the same batch serializer as the TCP transport, so the bytes on the wire are identical.
 */
@NullMarked
package dev.p2p.transport.netty;

import org.jspecify.annotations.NullMarked;
