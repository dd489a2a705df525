package dev.p2p.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link StreamResumeIntegrationTests} on the Spring Integration transport, {@code p2p.transport=tcp}.
 */
@ExtendWith(TcpTransportVariant.class)
class TcpStreamResumeIntegrationTests extends StreamResumeIntegrationTests {

}
