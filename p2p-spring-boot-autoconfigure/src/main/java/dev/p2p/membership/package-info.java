/**
 * Built-in commands and their payloads: listener types and known peers.
 */
@NullMarked
package dev.p2p.membership;

import org.jspecify.annotations.NullMarked;
