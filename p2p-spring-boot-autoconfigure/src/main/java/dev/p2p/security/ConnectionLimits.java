package dev.p2p.security;

import java.time.Duration;

/**
 * Limits on what one peer may hold of a node ({@code p2p.limits.*}).
 *
 * @param maxConnections most open inbound connections, handshaking ones included; 0 for no limit
 * @param maxConnectionsPerAddress most open inbound connections from one remote address; 0 for no limit
 * @param connectionRate new inbound connections per second from one address; 0 for no limit
 * @param connectionBurst connections an address may open at once before the rate applies
 * @param idleTimeout an established session with no frame for this long is closed; zero for never
 * @param maxRequestsInFlight requests from one peer this node may be serving at once; 0 for no limit
 * @param maxHandshaking most inbound connections still in their handshake; 0 for no limit
 * @param maxHandshakingPerAddress most inbound connections from one address still in their
 * handshake; 0 for no limit
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, double connectionRate,
		int connectionBurst, Duration idleTimeout, int maxRequestsInFlight, int maxHandshaking,
		int maxHandshakingPerAddress) {

	/** Default of {@code p2p.limits.max-handshaking}. */
	public static final int DEFAULT_MAX_HANDSHAKING = 32;

	/** Default of {@code p2p.limits.max-handshaking-per-address}. */
	public static final int DEFAULT_MAX_HANDSHAKING_PER_ADDRESS = 16;

	/** The documented defaults of {@code p2p.limits.*}. */
	public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1024, 64, 50, 100, Duration.ZERO, 1024);

	/**
	 * Limits with the default caps on handshaking connections.
	 * @param maxConnections most open inbound connections; 0 for no limit
	 * @param maxConnectionsPerAddress most open inbound connections from one address; 0 for no limit
	 * @param connectionRate new inbound connections per second from one address; 0 for no limit
	 * @param connectionBurst connections an address may open at once before the rate applies
	 * @param idleTimeout an established session with no frame for this long is closed; zero for never
	 * @param maxRequestsInFlight requests from one peer served at once; 0 for no limit
	 */
	public ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, double connectionRate,
			int connectionBurst, Duration idleTimeout, int maxRequestsInFlight) {
		this(maxConnections, maxConnectionsPerAddress, connectionRate, connectionBurst, idleTimeout,
				maxRequestsInFlight, DEFAULT_MAX_HANDSHAKING, DEFAULT_MAX_HANDSHAKING_PER_ADDRESS);
	}

	/**
	 * The gate that enforces the connection limits.
	 * @return a new gate
	 */
	public ConnectionGate newGate() {
		return new ConnectionGate(this.maxConnections, this.maxConnectionsPerAddress, this.connectionRate,
				this.connectionBurst, this.maxHandshaking, this.maxHandshakingPerAddress, System::nanoTime);
	}

}
