/**
 * Spring Boot auto-configuration and configuration properties of the starter.
 */
@NullMarked
package dev.p2p.autoconfigure;

import org.jspecify.annotations.NullMarked;
