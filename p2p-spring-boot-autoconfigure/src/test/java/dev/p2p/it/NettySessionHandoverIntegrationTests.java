package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SessionHandoverIntegrationTests} on the event-loop transport, {@code p2p.transport=netty}:
 * there a displaced connection's last frames can wait in the reader while reading is paused (the
 * successor's frames held for the predecessor's), so they must be handed on when the channel
 * closes, and a successor must wait for frames its predecessor still holds; two nodes dialling
 * each other is covered by {@link NettyPeerHandshakeIntegrationTests}.
 */
@ExtendWith(NettyTransportVariant.class)
class NettySessionHandoverIntegrationTests extends SessionHandoverIntegrationTests {

}
