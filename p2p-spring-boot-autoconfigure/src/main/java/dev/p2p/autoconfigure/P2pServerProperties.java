package dev.p2p.autoconfigure;

/**
 * The listening side.
 * <p>
 * Bound under {@code p2p.server} as part of {@link P2pProperties}.
 */
public class P2pServerProperties {

	/**
	 * Whether to accept connections. A node that only dials can turn this off.
	 */
	private boolean enabled = true;

	/**
	 * Local address to bind. All interfaces when not set.
	 */
	private String address;

	/**
	 * TCP port to listen on; 0 picks a free port (published in PeerServerStartedEvent).
	 */
	private int port = 5001;

	/**
	 * Host announced to peers in HELLO as this node's listen address. Peers use the
	 * connection's address when not set.
	 */
	private String advertisedHost;

	/**
	 * Most peer sessions at once; further peers are denied. 0 for no limit.
	 */
	private int maxConnections;

	/**
	 * Accept backlog of the server socket.
	 */
	private int backlog = 1024;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getAdvertisedHost() {
		return this.advertisedHost;
	}

	public void setAdvertisedHost(String advertisedHost) {
		this.advertisedHost = advertisedHost;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

}
