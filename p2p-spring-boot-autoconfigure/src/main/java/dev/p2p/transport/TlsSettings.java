package dev.p2p.transport;

import java.util.List;

import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

/**
 * TLS for the server socket and for dialled connections.
 *
 * @param context the SSL context and its protocol and cipher options (from an SSL bundle); new
 * connections use its current material, so a reloaded bundle applies to them
 * @param clientAuth whether the server asks dialers for a certificate
 * @param verifyHostname whether a dialer checks that the server's certificate names the host
 * it dialled (off by default: peers are mostly dialled by IP address; see README "Security")
 */
public record TlsSettings(TlsContext context, ClientAuth clientAuth, boolean verifyHostname) {

	/**
	 * Protocol versions enabled on new connections.
	 * @return for example {@code [TLSv1.3]}
	 */
	public List<String> protocols() {
		return this.context.current().protocols();
	}

	/**
	 * Cipher suites enabled on new connections.
	 * @return the suites, {@code null} for the JDK defaults
	 */
	public @Nullable List<String> ciphers() {
		return this.context.current().ciphers();
	}

	/**
	 * Apply these settings to a new connection's parameters: protocol versions and cipher suites;
	 * on the dialling side host name verification when enabled, on the accepting side client
	 * authentication.
	 * @param parameters the socket's or engine's parameters, changed in place
	 * @param client whether this end dialled (TLS client mode)
	 */
	public void configure(SSLParameters parameters, boolean client) {
		parameters.setProtocols(protocols().toArray(String[]::new));
		List<String> ciphers = ciphers();
		if (ciphers != null) {
			parameters.setCipherSuites(ciphers.toArray(String[]::new));
		}
		if (client) {
			if (this.verifyHostname) {
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
			}
		}
		else {
			parameters.setNeedClientAuth(this.clientAuth == ClientAuth.NEED);
			if (this.clientAuth == ClientAuth.WANT) {
				parameters.setWantClientAuth(true);
			}
		}
	}

	/**
	 * Whether the server asks a dialer for its certificate.
	 */
	public enum ClientAuth {

		/** No client certificate. */
		NONE,

		/** Asked for, verified when given, not required. */
		WANT,

		/** Required and verified: mutual TLS. */
		NEED

	}

}
