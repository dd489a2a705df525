package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SessionHandoverIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp}:
 * a displaced connection's reader thread blocks while its successor's frames wait, instead of
 * pausing a channel.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpSessionHandoverIntegrationTests extends SessionHandoverIntegrationTests {

}
