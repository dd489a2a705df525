/**
 * NAT traversal: the addresses peers observe for this node, dial-backs that confirm them
 * (reachability), and hole punching that moves a session between two NATed nodes onto a direct
 * connection.
 */
@NullMarked
package dev.p2p.nat;

import org.jspecify.annotations.NullMarked;
