package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AttackIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp}: a
 * reader thread per connection, so the attack also tests how a refused connection avoids one.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpAttackIntegrationTests extends AttackIntegrationTests {

}
