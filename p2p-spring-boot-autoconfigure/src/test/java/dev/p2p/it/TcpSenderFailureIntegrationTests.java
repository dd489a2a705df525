package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SenderFailureIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp},
 * whose writes block on the socket (the watchdog cuts them).
 */
@ExtendWith(TcpTransportVariant.class)
class TcpSenderFailureIntegrationTests extends SenderFailureIntegrationTests {

}
