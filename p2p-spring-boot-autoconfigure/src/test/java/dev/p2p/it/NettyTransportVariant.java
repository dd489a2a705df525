package dev.p2p.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the tests of a class with {@code p2p.transport=netty} on every {@link TestPeer} it starts
 * ({@code @ExtendWith(NettyTransportVariant.class)} on a subclass of the TCP tests): the same
 * behaviour, checked on the event-loop transport.
 */
final class NettyTransportVariant implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		TestPeer.transport = "netty";
	}

	@Override
	public void afterAll(ExtensionContext context) {
		TestPeer.transport = null;
	}

}
