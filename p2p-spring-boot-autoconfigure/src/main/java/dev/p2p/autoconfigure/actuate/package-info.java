/**
 * Actuator endpoint, health indicator and their auto-configuration.
 */
@NullMarked
package dev.p2p.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
