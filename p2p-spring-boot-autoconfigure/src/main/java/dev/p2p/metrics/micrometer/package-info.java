/**
 * The Micrometer implementation of the metrics SPI and the node's gauges.
 */
@NullMarked
package dev.p2p.metrics.micrometer;

import org.jspecify.annotations.NullMarked;
