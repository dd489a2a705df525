/**
 * Connections as the engine sees them ({@link dev.p2p.transport.Connection}, {@link dev.p2p.transport.Transport});
 * implementations live below, such as {@code tcp}.
 */
@NullMarked
package dev.p2p.transport;

import org.jspecify.annotations.NullMarked;
