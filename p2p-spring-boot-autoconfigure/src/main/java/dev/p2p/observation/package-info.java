/**
 * Micrometer Observation of packets sent and received, and the trace context that travels with them.
 */
@NullMarked
package dev.p2p.observation;

import org.jspecify.annotations.NullMarked;
