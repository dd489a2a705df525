/**
 * The running node: start, stop, queries and dialling.
 */
@NullMarked
package dev.p2p.node;

import org.jspecify.annotations.NullMarked;
