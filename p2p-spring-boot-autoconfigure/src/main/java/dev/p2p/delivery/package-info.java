/**
 * Acknowledged delivery and resumable sessions (docs/PROTOCOL.md §16): positions of application
 * packets, cumulative acknowledgements, the bounded replay buffer, and the resumption of a
 * session after its connection broke.
 */
@NullMarked
package dev.p2p.delivery;

import org.jspecify.annotations.NullMarked;
