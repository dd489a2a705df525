/**
 * The handshake codec, policy and interceptors.
 */
@NullMarked
package dev.p2p.handshake;

import org.jspecify.annotations.NullMarked;
