package dev.p2p.relay;

import dev.p2p.transport.InboundFrames;

/**
 * Hands circuit connections to the node's session engine (its connection handler).
 */
final class EngineSessions implements CircuitSessions {

	private final RelayContext relay;

	EngineSessions(RelayContext relay) {
		this.relay = relay;
	}

	@Override
	public void opened(CircuitConnection connection) {
		this.relay.engine().handler().connectionOpened(connection);
	}

	@Override
	public void received(CircuitConnection connection, InboundFrames frames) {
		this.relay.engine().handler().framesReceived(connection, frames);
	}

	@Override
	public void closed(CircuitConnection connection) {
		this.relay.engine().handler().connectionClosed(connection);
	}

}
