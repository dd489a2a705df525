package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DialChurnIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp},
 * where each dialled address once kept a client connection factory and each accepted connection
 * outlived its close until the next accept.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpDialChurnIntegrationTests extends DialChurnIntegrationTests {

}
