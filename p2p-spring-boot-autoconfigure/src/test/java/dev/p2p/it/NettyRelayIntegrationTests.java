package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RelayIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}.
 */
@ExtendWith(NettyTransportVariant.class)
class NettyRelayIntegrationTests extends RelayIntegrationTests {

}
