/**
 * The relay (issue 13, {@code p2p.relay}): a node with {@code p2p.relay.enabled} carries sessions
 * of other nodes in circuits ({@link dev.p2p.relay.RelayService}); a node keeps reservations on
 * the relays in {@code p2p.relay.peers} ({@link dev.p2p.relay.RelayReservations}) and reaches
 * nodes by id through them ({@link dev.p2p.relay.CircuitEndpoints}). A relayed session is an
 * ordinary session whose connection is a {@link dev.p2p.relay.CircuitConnection}.
 */
@NullMarked
package dev.p2p.relay;

import org.jspecify.annotations.NullMarked;
