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
		// TODO(issue 12 merge): this.relay.engine().handler().connectionOpened(connection)
		throw new UnsupportedOperationException("relayed sessions need the transport interface of issue 12");
	}

	@Override
	public void received(CircuitConnection connection, InboundFrames frames) {
	}

	@Override
	public void closed(CircuitConnection connection) {
	}

}
