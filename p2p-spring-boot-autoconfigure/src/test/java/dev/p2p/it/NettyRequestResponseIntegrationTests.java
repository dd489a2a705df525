package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RequestResponseIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}.
 */
@ExtendWith(NettyTransportVariant.class)
class NettyRequestResponseIntegrationTests extends RequestResponseIntegrationTests {

}
