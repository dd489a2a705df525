package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The peerpy profile ({@code p2p.peerpy.*}): unmodified peerpy {@code Peer}s connect to the
 * node's peerpy port, and the node dials peerpy peers, exchanging DATA as packets of one type.
 */
@ConfigurationProperties("p2p.peerpy")
public class P2pPeerpyProperties {

	/** Whether the node speaks peerpy (a second TCP server, dialling, UDP discovery). */
	private boolean enabled;

	/** Address the peerpy server binds. */
	private String address = "0.0.0.0";

	/** TCP port where the node takes peerpy HELLOs; 0 for an ephemeral one. */
	private int port = 5003;

	/**
	 * Host this node names itself with in its HELLOs ({@code peer_name}) and PONGs; empty for
	 * the first site-local IPv4 address.
	 */
	private String advertisedHost;

	/**
	 * The packet-type enum constant whose listeners receive DATA from peerpy peers; packets of
	 * this type (and only this type) go back to them.
	 */
	private String packetType;

	/** peerpy peers ({@code host:port}) dialled at start and redialled with backoff. */
	private List<String> peers = new ArrayList<>();

	/** Data type of the connections this node dials: {@code json} or {@code bytes} ({@code raw} is pickle, never offered). */
	private String dataType = "json";

	/**
	 * Largest DATA payload written to a peerpy peer: peerpy reads a payload with one recv, so a
	 * larger one would desynchronise it.
	 */
	private DataSize maxSendSize = DataSize.ofKilobytes(8);

	/** How long a HELLO, or the answer to this node's HELLO, may take (peerpy's own timeout is 2 s). */
	private Duration helloTimeout = Duration.ofSeconds(2);

	/** Silence after which a peerpy connection is closed (live peerpy peers PING every ~2 s of silence). */
	private Duration idleTimeout = Duration.ofSeconds(6);

	/** Most peerpy connections open at once; further ones are reset. */
	private int maxConnections = 64;

	/** Whether the node answers peerpy's UDP discovery PINGs (and can seek peerpy peers). */
	private boolean discovery = true;

	/** UDP port of peerpy discovery (peerpy hardcodes 1024). */
	private int discoveryPort = 1024;

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

	public String getPacketType() {
		return this.packetType;
	}

	public void setPacketType(String packetType) {
		this.packetType = packetType;
	}

	public List<String> getPeers() {
		return this.peers;
	}

	public void setPeers(List<String> peers) {
		this.peers = peers;
	}

	public String getDataType() {
		return this.dataType;
	}

	public void setDataType(String dataType) {
		this.dataType = dataType;
	}

	public DataSize getMaxSendSize() {
		return this.maxSendSize;
	}

	public void setMaxSendSize(DataSize maxSendSize) {
		this.maxSendSize = maxSendSize;
	}

	public Duration getHelloTimeout() {
		return this.helloTimeout;
	}

	public void setHelloTimeout(Duration helloTimeout) {
		this.helloTimeout = helloTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public boolean isDiscovery() {
		return this.discovery;
	}

	public void setDiscovery(boolean discovery) {
		this.discovery = discovery;
	}

	public int getDiscoveryPort() {
		return this.discoveryPort;
	}

	public void setDiscoveryPort(int discoveryPort) {
		this.discoveryPort = discoveryPort;
	}

}
