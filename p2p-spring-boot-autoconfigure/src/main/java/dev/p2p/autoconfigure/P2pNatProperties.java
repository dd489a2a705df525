package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * NAT traversal of the peer node ({@code p2p.nat.*}): port reuse, observed addresses confirmed by
 * dial-backs, and hole punching.
 */
@ConfigurationProperties("p2p.nat")
public class P2pNatProperties {

	/**
	 * Whether connections the node dials leave from its listen port (SO_REUSEPORT), so that a
	 * port-preserving NAT maps all of them to one public port. Needed for hole punching; off
	 * where the platform lacks SO_REUSEPORT.
	 */
	private boolean portReuse = true;

	/**
	 * Whether sessions between two nodes that cannot dial each other (relayed sessions) try to
	 * move to a direct connection by a simultaneous TCP open.
	 */
	private boolean holePunching = true;

	/**
	 * Simultaneous-open attempts per hole-punching round.
	 */
	private int holePunchAttempts = 3;

	/**
	 * Connect timeout of one hole-punching attempt.
	 */
	private Duration holePunchTimeout = Duration.ofSeconds(3);

	/**
	 * Delay before a failed hole-punching round is tried again; doubles after each failure.
	 */
	private Duration holePunchRetry = Duration.ofMinutes(1);

	/**
	 * Longest delay between hole-punching rounds.
	 */
	private Duration holePunchMaxRetry = Duration.ofMinutes(30);

	/**
	 * Whether the node asks peers to dial its observed addresses back (to learn whether it is
	 * publicly reachable) and answers such requests of its peers.
	 */
	private boolean dialBack = true;

	/**
	 * Shortest interval between two dial-backs the node performs for the same peer.
	 */
	private Duration dialBackInterval = Duration.ofMinutes(1);

	/**
	 * Connect timeout of a dial-back.
	 */
	private Duration dialBackTimeout = Duration.ofSeconds(3);

	public boolean isPortReuse() {
		return this.portReuse;
	}

	public void setPortReuse(boolean portReuse) {
		this.portReuse = portReuse;
	}

	public boolean isHolePunching() {
		return this.holePunching;
	}

	public void setHolePunching(boolean holePunching) {
		this.holePunching = holePunching;
	}

	public int getHolePunchAttempts() {
		return this.holePunchAttempts;
	}

	public void setHolePunchAttempts(int holePunchAttempts) {
		this.holePunchAttempts = holePunchAttempts;
	}

	public Duration getHolePunchTimeout() {
		return this.holePunchTimeout;
	}

	public void setHolePunchTimeout(Duration holePunchTimeout) {
		this.holePunchTimeout = holePunchTimeout;
	}

	public Duration getHolePunchRetry() {
		return this.holePunchRetry;
	}

	public void setHolePunchRetry(Duration holePunchRetry) {
		this.holePunchRetry = holePunchRetry;
	}

	public Duration getHolePunchMaxRetry() {
		return this.holePunchMaxRetry;
	}

	public void setHolePunchMaxRetry(Duration holePunchMaxRetry) {
		this.holePunchMaxRetry = holePunchMaxRetry;
	}

	public boolean isDialBack() {
		return this.dialBack;
	}

	public void setDialBack(boolean dialBack) {
		this.dialBack = dialBack;
	}

	public Duration getDialBackInterval() {
		return this.dialBackInterval;
	}

	public void setDialBackInterval(Duration dialBackInterval) {
		this.dialBackInterval = dialBackInterval;
	}

	public Duration getDialBackTimeout() {
		return this.dialBackTimeout;
	}

	public void setDialBackTimeout(Duration dialBackTimeout) {
		this.dialBackTimeout = dialBackTimeout;
	}

}
