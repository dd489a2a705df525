/**
 * Peer discovery: UDP adverts, DNS and peer exchange.
 */
@NullMarked
package dev.p2p.discovery;

import org.jspecify.annotations.NullMarked;
