package dev.p2p.autoconfigure;

import java.time.Duration;

/**
 * Limits on what peers may hold of this node. Each violation closes the connection with
 * a reason, publishes an event and counts in p2p.limits.exceeded.
 * <p>
 * Bound under {@code p2p.limits} as part of {@link P2pProperties}.
 */
public class P2pLimitsProperties {

	/**
	 * Most open inbound connections, handshaking ones included; further connections are
	 * denied at once. 0 for no limit.
	 */
	private int maxConnections = 1024;

	/**
	 * Most open inbound connections from one remote address. 0 for no limit.
	 */
	private int maxConnectionsPerAddress = 64;

	/**
	 * New inbound connections per second from one remote address (token bucket). 0 for
	 * no limit.
	 */
	private double connectionRate = 50;

	/**
	 * Connections one address may open at once before connection-rate applies.
	 */
	private int connectionBurst = 100;

	/**
	 * An established session with no frame received for this long is closed. 0 (the
	 * default) for never: the heartbeat (p2p.heartbeat.timeout) already closes peers that
	 * stay silent; this limit matters with the heartbeat off, or in handshake mode none.
	 */
	private Duration idleTimeout = Duration.ZERO;

	/**
	 * Requests from one peer this node may be serving at once; a peer that sends more is
	 * disconnected. 0 for no limit.
	 */
	private int maxRequestsInFlight = 1024;

	/**
	 * Most inbound connections still in their handshake; further connections are denied
	 * at once and get no reader thread. Each handshaking connection holds a reader thread
	 * until it proves itself or times out, so this bounds what a flood of connections that
	 * never complete a handshake costs. 0 for no limit.
	 */
	private int maxHandshaking = 32;

	/**
	 * Most inbound connections from one remote address still in their handshake. 0 for no
	 * limit.
	 */
	private int maxHandshakingPerAddress = 16;

	public int getMaxHandshaking() {
		return this.maxHandshaking;
	}

	public void setMaxHandshaking(int maxHandshaking) {
		this.maxHandshaking = maxHandshaking;
	}

	public int getMaxHandshakingPerAddress() {
		return this.maxHandshakingPerAddress;
	}

	public void setMaxHandshakingPerAddress(int maxHandshakingPerAddress) {
		this.maxHandshakingPerAddress = maxHandshakingPerAddress;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

	public double getConnectionRate() {
		return this.connectionRate;
	}

	public void setConnectionRate(double connectionRate) {
		this.connectionRate = connectionRate;
	}

	public int getConnectionBurst() {
		return this.connectionBurst;
	}

	public void setConnectionBurst(int connectionBurst) {
		this.connectionBurst = connectionBurst;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxRequestsInFlight() {
		return this.maxRequestsInFlight;
	}

	public void setMaxRequestsInFlight(int maxRequestsInFlight) {
		this.maxRequestsInFlight = maxRequestsInFlight;
	}

}
