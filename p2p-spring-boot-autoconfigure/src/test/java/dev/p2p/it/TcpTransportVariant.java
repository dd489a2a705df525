package dev.p2p.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the tests of a class with {@code p2p.transport=tcp} on every {@link TestPeer} and
 * {@link ForkedPeers} it starts ({@code @ExtendWith(TcpTransportVariant.class)} on a subclass of
 * tests written for the default, event-loop transport): the same behaviour, checked on Spring
 * Integration IP, which stays a supported transport.
 */
final class TcpTransportVariant implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		TestPeer.transport = "tcp";
	}

	@Override
	public void afterAll(ExtensionContext context) {
		TestPeer.transport = null;
	}

}
