package dev.p2p.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.Set;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * Pinning of the peers a node accepts ({@code p2p.security.allowed-peers} and
 * {@code p2p.security.allowed-certificates}): a peer must announce an allowed node id, and
 * present a TLS certificate whose public key has an allowed SHA-256 fingerprint. An empty list
 * allows anyone.
 */
public final class AllowList {

	private final Set<String> nodeIds;

	private final Set<String> fingerprints;

	public AllowList(Set<String> nodeIds, Set<String> fingerprints) {
		this.nodeIds = Set.copyOf(nodeIds);
		this.fingerprints = Set.copyOf(fingerprints);
	}

	/**
	 * Check a peer.
	 * @param tls the connection's TLS session, complete (a frame was read), or {@code null}
	 * for plain TCP
	 * @param nodeId the node id it announced
	 * @return why it is not allowed, or {@code null} if it is
	 */
	public @Nullable String check(@Nullable SSLSession tls, String nodeId) {
		if (!this.nodeIds.isEmpty() && !this.nodeIds.contains(nodeId)) {
			return "node '" + nodeId + "' is not in the allowed peers (p2p.security.allowed-peers)";
		}
		if (this.fingerprints.isEmpty()) {
			return null;
		}
		if (tls == null) {
			return "p2p.security.allowed-certificates is set but the connection has no TLS (set p2p.ssl.bundle)";
		}
		Certificate[] chain;
		try {
			chain = tls.getPeerCertificates();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "the peer presented no certificate (set p2p.ssl.client-auth=need to require one)";
		}
		String fingerprint = fingerprint(chain[0]);
		if (!this.fingerprints.contains(fingerprint)) {
			return "the peer's certificate public key " + fingerprint
					+ " is not in the allowed certificates (p2p.security.allowed-certificates)";
		}
		return null;
	}

	/**
	 * SHA-256 of a certificate's public key (its DER SubjectPublicKeyInfo), lower-case hex.
	 * @param certificate the certificate
	 * @return 64 hex digits
	 */
	static String fingerprint(Certificate certificate) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
