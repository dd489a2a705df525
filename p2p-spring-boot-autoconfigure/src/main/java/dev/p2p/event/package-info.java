/**
 * Application events of the node: connections, handshakes, rejections, streams and discovery.
 */
@NullMarked
package dev.p2p.event;

import org.jspecify.annotations.NullMarked;
