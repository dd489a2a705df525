/**
 * Reachability on the wire (issue 13): the payloads of the relay, hole-punching and dial-back
 * frames (docs/PROTOCOL.md §13 to §15), the address lists they carry and STUN messages. Codecs
 * only: the relay runs in {@code dev.p2p.relay}, NAT traversal in {@code dev.p2p.nat}.
 */
@NullMarked
package dev.p2p.reach;

import org.jspecify.annotations.NullMarked;
