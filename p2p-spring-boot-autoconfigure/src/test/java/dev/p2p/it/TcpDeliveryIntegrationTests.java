package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DeliveryIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp}.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpDeliveryIntegrationTests extends DeliveryIntegrationTests {

}
