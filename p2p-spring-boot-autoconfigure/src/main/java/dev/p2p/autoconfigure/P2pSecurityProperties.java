package dev.p2p.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who may join: the network key and allow-lists.
 * <p>
 * Bound under {@code p2p.security} as part of {@link P2pProperties}.
 */
public class P2pSecurityProperties {

	/**
	 * Shared secret of the network (at least 16 bytes; a random 32-byte base64 value is
	 * best). Both sides of every handshake prove they hold it without sending it; peers
	 * without it are refused before any check or listener sees them.
	 */
	private String networkKey;

	/**
	 * Node ids allowed to connect (both directions). Any node id when empty.
	 */
	private Set<String> allowedPeers = new LinkedHashSet<>();

	/**
	 * SHA-256 fingerprints (hex, colons allowed) of the TLS certificate public keys
	 * allowed to connect; needs p2p.ssl.bundle, and p2p.ssl.client-auth=need for inbound
	 * peers. Any certificate the trust store accepts when empty.
	 */
	private Set<String> allowedCertificates = new LinkedHashSet<>();

	public String getNetworkKey() {
		return this.networkKey;
	}

	public void setNetworkKey(String networkKey) {
		this.networkKey = networkKey;
	}

	public Set<String> getAllowedPeers() {
		return this.allowedPeers;
	}

	public void setAllowedPeers(Set<String> allowedPeers) {
		this.allowedPeers = allowedPeers;
	}

	public Set<String> getAllowedCertificates() {
		return this.allowedCertificates;
	}

	public void setAllowedCertificates(Set<String> allowedCertificates) {
		this.allowedCertificates = allowedCertificates;
	}

	@Override
	public String toString() {
		return "Security[networkKey=" + ((this.networkKey != null) ? "(hidden)" : "(none)") + ", allowedPeers="
				+ this.allowedPeers + ", allowedCertificates=" + this.allowedCertificates + "]";
	}

}
