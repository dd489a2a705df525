package dev.p2p.it;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SessionHandoverIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}:
 * not yet reliable there (README, Transports: the hand-over of a displaced session's traffic is
 * a known gap of the netty transport); two nodes dialling each other is covered by
 * {@link NettyPeerHandshakeIntegrationTests}.
 */
@Disabled("known gap of the netty transport: a displaced session's queued traffic does not always reach the peer "
		+ "within the tests' time")
@ExtendWith(NettyTransportVariant.class)
class NettySessionHandoverIntegrationTests extends SessionHandoverIntegrationTests {

}
