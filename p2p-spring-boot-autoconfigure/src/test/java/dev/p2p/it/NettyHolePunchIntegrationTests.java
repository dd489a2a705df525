package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link HolePunchIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}: the
 * listener shares its port, the punch's sockets have channels, and the punched connection is
 * taken over by an NIO event loop (plain and TLS), with the path switch under load.
 */
@ExtendWith(NettyTransportVariant.class)
class NettyHolePunchIntegrationTests extends HolePunchIntegrationTests {

}
