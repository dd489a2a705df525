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
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, double connectionRate,
		int connectionBurst, Duration idleTimeout, int maxRequestsInFlight) {

	/** The documented defaults of {@code p2p.limits.*}. */
	public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1024, 64, 50, 100, Duration.ZERO, 1024);

	/**
	 * The gate that enforces the connection limits.
	 * @return a new gate
	 */
	public ConnectionGate newGate() {
		return new ConnectionGate(this.maxConnections, this.maxConnectionsPerAddress, this.connectionRate,
				this.connectionBurst, System::nanoTime);
	}

}
