/**
 * Network key, handshake proofs, allow-list and connection limits.
 */
@NullMarked
package dev.p2p.security;

import org.jspecify.annotations.NullMarked;
