/**
 * The sample application: chat and greetings, a telemetry broadcast, file transfer and pnet calls
 * between nodes.
 */
@NullMarked
package dev.p2p.sample;

import org.jspecify.annotations.NullMarked;
