/**
 * Packet types, packets and the codecs that turn payloads into objects.
 */
@NullMarked
package dev.p2p.packet;

import org.jspecify.annotations.NullMarked;
