/**
 * Test support for applications built on the P2P starter: {@link dev.p2p.test.TestPeer}, a peer a
 * test drives against the node under test, and {@link dev.p2p.test.TestPeers}, the bean that makes
 * them.
 */
@NullMarked
package dev.p2p.test;

import org.jspecify.annotations.NullMarked;
