/**
 * The event-loop transport ({@code p2p.transport=netty}): Netty NIO channels on a few event-loop
 * threads instead of a thread per connection; a writer writes to the socket itself while the
 * connection takes its bytes at once. Frames are decoded with the same
 * {@link dev.p2p.wire.FrameDecoder} and written with the same batch serializer as the TCP
 * transport, so the bytes on the wire are identical.
 */
@NullMarked
package dev.p2p.transport.netty;

import org.jspecify.annotations.NullMarked;
