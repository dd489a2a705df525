package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link HolePunchIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp}:
 * the punched socket is taken over by a connection of Spring Integration's (plain and TLS), with
 * the path switch under load.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpHolePunchIntegrationTests extends HolePunchIntegrationTests {

}
