package dev.p2p.compat.pnet;

import java.security.KeyPair;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Configuration of the pnet profile ({@code p2p.pnet.*}), checked by the auto-configuration.
 *
 * @param name this node's pnet name
 * @param networkId the pnet network id
 * @param bindAddress the address the TCP server and the advert listener bind
 * @param serverPort the TCP port of requests, 0 for an ephemeral one
 * @param advertisePort the UDP port adverts are sent to and read on
 * @param advertiseAddress where adverts are sent (pnet: 255.255.255.255)
 * @param advertiseInterval time between adverts (pnet: 2.5 s)
 * @param advertisedHost the IPv4 address in this node's adverts, {@code null} for the first
 * site-local address
 * @param networkKey the Fernet network key, {@code null} for none
 * @param keyPair this node's RSA key pair
 * @param readTimeout how long a client may take to send its line
 * @param callTimeout how long a call to a pnet node may take, all its exchanges included
 * @param maxLineLength longest line read
 * @param maxTransferSize largest chunked request or result
 * @param maxConnections most requests served at once
 * @param peerExpiry how long a pnet node stays known after its last advert
 */
public record PnetSettings(String name, String networkId, String bindAddress, int serverPort, int advertisePort,
		String advertiseAddress, Duration advertiseInterval, @Nullable String advertisedHost, @Nullable String networkKey,
		KeyPair keyPair, Duration readTimeout, Duration callTimeout, int maxLineLength, int maxTransferSize,
		int maxConnections, Duration peerExpiry) {

	/** Profile name in metrics and logs. */
	public static final String PROFILE = "pnet";

	@Override
	public String toString() {
		// the network key and the private key stay out of logs
		return "PnetSettings[name=" + this.name + ", networkId=" + this.networkId + ", serverPort=" + this.serverPort
				+ ", advertisePort=" + this.advertisePort + ", networkKey=" + ((this.networkKey != null) ? "******" : "none")
				+ "]";
	}

}
