/**
 * The public peer API: sessions, addresses, identities and the exceptions applications see.
 */
@NullMarked
package dev.p2p.peer;

import org.jspecify.annotations.NullMarked;
