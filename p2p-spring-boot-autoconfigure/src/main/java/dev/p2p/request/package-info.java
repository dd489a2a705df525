/**
 * Requests waiting for their replies.
 */
@NullMarked
package dev.p2p.request;

import org.jspecify.annotations.NullMarked;
