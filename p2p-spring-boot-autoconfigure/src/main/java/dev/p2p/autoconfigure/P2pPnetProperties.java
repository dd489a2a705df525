package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The pnet profile ({@code p2p.pnet.*}): the node is a pnet {@code CommandNode}; calls from pnet
 * nodes land on its {@code @PacketListener}s, and it calls functions of pnet nodes.
 */
@ConfigurationProperties("p2p.pnet")
public class P2pPnetProperties {

	/** Whether the node speaks pnet (a TCP request server, UDP adverts, calls to pnet nodes). */
	private boolean enabled;

	/** The node's pnet name (no {@code |} or {@code @}); empty for {@code p2p.node-id}. */
	private String name;

	/** The pnet network id: requests and adverts of another one are refused. */
	private String networkId = "default";

	/** Address the TCP server and the advert listener bind. */
	private String address = "0.0.0.0";

	/** TCP port of pnet requests (one line per connection); 0 for an ephemeral one. */
	private int serverPort = 3333;

	/** UDP port adverts are sent to and listened on. */
	private int advertisePort = 3334;

	/** Where adverts are sent (pnet broadcasts to 255.255.255.255). */
	private String advertiseAddress = "255.255.255.255";

	/** Time between two adverts (pnet: 2.5 s). */
	private Duration advertiseInterval = Duration.ofMillis(2500);

	/** IPv4 address in this node's adverts; empty for the first site-local address. */
	private String advertisedHost;

	/** The network's Fernet key (44 url-safe base64 characters), as pnet's {@code network_key}; empty for none. */
	private String networkKey;

	/** The node's RSA private key, PKCS#8 PEM; empty to generate one at start. */
	private String privateKey;

	/** Size of the RSA key generated at start (from 1024 to 2048 bits: larger adverts exceed pnet's 1024-byte read). */
	private int keySize = 2048;

	/** How long a pnet client may take to send its request line. */
	private Duration readTimeout = Duration.ofSeconds(5);

	/** How long a call may take, in both directions (pnet itself never times out). */
	private Duration callTimeout = Duration.ofSeconds(10);

	/** Longest request or reply line read. */
	private DataSize maxLineLength = DataSize.ofMegabytes(4);

	/** Largest chunked request or result. */
	private DataSize maxTransferSize = DataSize.ofMegabytes(1);

	/** Most requests served at once. */
	private int maxConnections = 64;

	/** How long a pnet node stays known after its last advert (pnet never forgets). */
	private Duration peerExpiry = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getNetworkId() {
		return this.networkId;
	}

	public void setNetworkId(String networkId) {
		this.networkId = networkId;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public int getServerPort() {
		return this.serverPort;
	}

	public void setServerPort(int serverPort) {
		this.serverPort = serverPort;
	}

	public int getAdvertisePort() {
		return this.advertisePort;
	}

	public void setAdvertisePort(int advertisePort) {
		this.advertisePort = advertisePort;
	}

	public String getAdvertiseAddress() {
		return this.advertiseAddress;
	}

	public void setAdvertiseAddress(String advertiseAddress) {
		this.advertiseAddress = advertiseAddress;
	}

	public Duration getAdvertiseInterval() {
		return this.advertiseInterval;
	}

	public void setAdvertiseInterval(Duration advertiseInterval) {
		this.advertiseInterval = advertiseInterval;
	}

	public String getAdvertisedHost() {
		return this.advertisedHost;
	}

	public void setAdvertisedHost(String advertisedHost) {
		this.advertisedHost = advertisedHost;
	}

	public String getNetworkKey() {
		return this.networkKey;
	}

	public void setNetworkKey(String networkKey) {
		this.networkKey = networkKey;
	}

	public String getPrivateKey() {
		return this.privateKey;
	}

	public void setPrivateKey(String privateKey) {
		this.privateKey = privateKey;
	}

	public int getKeySize() {
		return this.keySize;
	}

	public void setKeySize(int keySize) {
		this.keySize = keySize;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	public DataSize getMaxLineLength() {
		return this.maxLineLength;
	}

	public void setMaxLineLength(DataSize maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

	public DataSize getMaxTransferSize() {
		return this.maxTransferSize;
	}

	public void setMaxTransferSize(DataSize maxTransferSize) {
		this.maxTransferSize = maxTransferSize;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getPeerExpiry() {
		return this.peerExpiry;
	}

	public void setPeerExpiry(Duration peerExpiry) {
		this.peerExpiry = peerExpiry;
	}

}
