/**
 * The application API: PacketOperations and its template, remote command interfaces.
 */
@NullMarked
package dev.p2p.core;

import org.jspecify.annotations.NullMarked;
