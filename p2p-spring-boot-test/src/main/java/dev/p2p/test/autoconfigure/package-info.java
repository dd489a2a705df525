/**
 * Test-context support: the {@link dev.p2p.test.autoconfigure.P2pTest @P2pTest} slice, ephemeral
 * loopback ports for every Spring Boot test, and {@link dev.p2p.test.autoconfigure.LocalP2pPort}.
 */
@NullMarked
package dev.p2p.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
