package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AttackIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}: the
 * attacked node spends no thread per hostile connection.
 */
@ExtendWith(NettyTransportVariant.class)
class NettyAttackIntegrationTests extends AttackIntegrationTests {

}
