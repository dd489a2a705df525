package dev.p2p.transport;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * TLS for the server socket and for dialled connections.
 *
 * @param context the SSL context (key material and trust store, from an SSL bundle)
 * @param protocols enabled protocol versions, such as {@code TLSv1.3}
 * @param ciphers enabled cipher suites, {@code null} for the JDK defaults
 * @param clientAuth whether the server asks dialers for a certificate
 * @param verifyHostname whether a dialer checks that the server's certificate names the host
 * it dialled (off by default: peers are mostly dialled by IP address; see README "Security")
 */
public record TlsSettings(SSLContext context, List<String> protocols, @Nullable List<String> ciphers,
		ClientAuth clientAuth, boolean verifyHostname) {

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
