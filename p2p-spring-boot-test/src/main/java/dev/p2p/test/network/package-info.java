/**
 * Several nodes of an application in one JVM ({@link dev.p2p.test.network.P2pTestNetwork}),
 * connected through {@link dev.p2p.test.network.Link}s that inject network faults.
 */
@NullMarked
package dev.p2p.test.network;

import org.jspecify.annotations.NullMarked;
