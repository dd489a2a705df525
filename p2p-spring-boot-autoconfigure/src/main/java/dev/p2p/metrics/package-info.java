/**
 * The metrics SPI the node reports to.
 */
@NullMarked
package dev.p2p.metrics;

import org.jspecify.annotations.NullMarked;
