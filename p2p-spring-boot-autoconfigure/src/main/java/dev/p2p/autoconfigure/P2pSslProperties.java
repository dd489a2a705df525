package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Name;

import dev.p2p.transport.TlsSettings.ClientAuth;

/**
 * TLS for the server and for dialled connections.
 * <p>
 * Bound under {@code p2p.ssl} as part of {@link P2pProperties}.
 */
public class P2pSslProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose key and trust material secure
	 * every connection. Plain TCP when not set.
	 */
	private String bundle;

	/**
	 * Protocol versions enabled on every connection when the SSL bundle names none in its
	 * options (spring.ssl.bundle.*.*.options.enabled-protocols, which win).
	 */
	private List<String> protocols = new ArrayList<>(List.of("TLSv1.3"));

	/**
	 * Whether the server asks dialers for a certificate: "none", "want" (verified when
	 * given) or "need" (mutual TLS).
	 */
	private ClientAuth clientAuth = ClientAuth.NONE;

	/**
	 * Whether a dialer checks that the server's certificate names the host it dialled.
	 * Off by default as peers are mostly dialled by IP address; the certificate is always
	 * verified against the bundle's trust store.
	 */
	private boolean verifyHostname;

	public String getBundle() {
		return this.bundle;
	}

	public void setBundle(String bundle) {
		this.bundle = bundle;
	}

	public List<String> getProtocols() {
		return this.protocols;
	}

	public void setProtocols(List<String> protocols) {
		this.protocols = protocols;
	}

	public ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public void setClientAuth(ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	public boolean isVerifyHostname() {
		return this.verifyHostname;
	}

	public void setVerifyHostname(boolean verifyHostname) {
		this.verifyHostname = verifyHostname;
	}

}
