/**
 * Failure analyses of the node's start-up failures: one "APPLICATION FAILED TO START" block
 * naming the property, its value, where it was set and the fix.
 */
@NullMarked
package dev.p2p.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
