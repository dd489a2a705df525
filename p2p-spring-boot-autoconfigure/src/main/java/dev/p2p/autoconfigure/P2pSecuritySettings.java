package dev.p2p.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.p2p.handshake.HandshakeMode;
import dev.p2p.security.ConnectionLimits;
import dev.p2p.security.NetworkKey;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.transport.TlsContext;
import dev.p2p.transport.TlsSettings;

/**
 * Turns {@code p2p.ssl.*}, {@code p2p.security.*} and {@code p2p.limits.*} into the plain JDK
 * types the node takes: the bundle's {@code SSLContext}, the {@link NetworkKey}, the
 * allow-lists and the {@link ConnectionLimits}. Invalid values fail start-up with the
 * property's name; the network key's value never appears in a message.
 */
final class P2pSecuritySettings {

	private static final Log logger = LogFactory.getLog(P2pSecuritySettings.class);

	private P2pSecuritySettings() {
	}

	/**
	 * Handshake mode none has no handshake to prove a key in or to check an allow-list at: a
	 * node that asks for them would let everyone in, so it does not start.
	 */
	private static void refuseWithoutHandshake(PeerNodeSettings settings) {
		List<String> ignored = new ArrayList<>();
		if (settings.getNetworkKey() != null) {
			ignored.add("p2p.security.network-key");
		}
		if (!settings.getAllowedPeers().isEmpty()) {
			ignored.add("p2p.security.allowed-peers");
		}
		if (!settings.getAllowedCertificates().isEmpty()) {
			ignored.add("p2p.security.allowed-certificates");
		}
		if (!ignored.isEmpty()) {
			throw new IllegalStateException(String.join(", ", ignored) + " need p2p.handshake.mode=hello: in mode none "
					+ "there is no handshake to check them, and every peer would be let in");
		}
	}

	static void apply(P2pProperties properties, @Nullable SslBundles bundles, PeerNodeSettings settings) {
		settings.setTls(tls(properties.getSsl(), bundles));
		P2pProperties.Security security = properties.getSecurity();
		if (security.getNetworkKey() != null && !security.getNetworkKey().isEmpty()) {
			try {
				settings.setNetworkKey(NetworkKey.of(security.getNetworkKey()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("p2p.security.network-key: " + ex.getMessage(), ex);
			}
		}
		settings.setAllowedPeers(security.getAllowedPeers());
		Set<String> fingerprints = new LinkedHashSet<>();
		for (String fingerprint : security.getAllowedCertificates()) {
			fingerprints.add(fingerprint(fingerprint));
		}
		if (!fingerprints.isEmpty() && settings.getTls() == null) {
			throw new IllegalStateException(
					"p2p.security.allowed-certificates needs TLS: set p2p.ssl.bundle to an SSL bundle");
		}
		settings.setAllowedCertificates(fingerprints);
		if (settings.getHandshakeMode() == HandshakeMode.NONE) {
			refuseWithoutHandshake(settings);
		}
		settings.setLimits(limits(properties.getLimits()));
	}

	private static @Nullable TlsSettings tls(P2pProperties.Ssl ssl, @Nullable SslBundles bundles) {
		if (ssl.getBundle() == null || ssl.getBundle().isBlank()) {
			return null;
		}
		if (bundles == null) {
			throw new IllegalStateException("p2p.ssl.bundle is '" + ssl.getBundle()
					+ "' but there is no SslBundles bean (is SslAutoConfiguration excluded?)");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(ssl.getBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidP2pPropertyException("p2p.ssl.bundle", ssl.getBundle(),
					"p2p.ssl.bundle: no SSL bundle named '" + ssl.getBundle()
					+ "' (define it under spring.ssl.bundle.jks or spring.ssl.bundle.pem)", ex);
		}
		if (ssl.getProtocols() == null || ssl.getProtocols().isEmpty()) {
			throw new InvalidP2pPropertyException("p2p.ssl.protocols", ssl.getProtocols(),
					"p2p.ssl.protocols must name at least one protocol, such as TLSv1.3");
		}
		String name = ssl.getBundle();
		List<String> fallbackProtocols = List.copyOf(ssl.getProtocols());
		TlsContext context = new TlsContext(material(bundle, fallbackProtocols));
		// a bundle with reload-on-update: a rotated certificate applies to the next connection
		bundles.addBundleUpdateHandler(name, (updated) -> {
			try {
				context.update(material(updated, fallbackProtocols));
				logger.info("p2p: SSL bundle '" + name + "' was reloaded; new connections use it,"
						+ " open connections keep theirs");
			}
			catch (RuntimeException ex) {
				logger.error("p2p: SSL bundle '" + name + "' was reloaded but cannot be used (" + ex.getMessage()
						+ "); new connections keep using the previous material", ex);
			}
		});
		return new TlsSettings(context, ssl.getClientAuth(), ssl.isVerifyHostname());
	}

	/**
	 * The bundle's SSL context and options: its own enabled protocols win over
	 * {@code p2p.ssl.protocols}, which applies when the bundle names none.
	 */
	private static TlsContext.Material material(SslBundle bundle, List<String> fallbackProtocols) {
		String[] protocols = bundle.getOptions().getEnabledProtocols();
		String[] ciphers = bundle.getOptions().getCiphers();
		return new TlsContext.Material(bundle.createSslContext(),
				(protocols != null && protocols.length > 0) ? List.of(protocols) : fallbackProtocols,
				(ciphers != null) ? List.of(ciphers) : null);
	}

	private static String fingerprint(String text) {
		String hex = text.replace(":", "").trim().toLowerCase(Locale.ROOT);
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new IllegalStateException("p2p.security.allowed-certificates: '" + text
					+ "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
		}
		return hex;
	}

	private static ConnectionLimits limits(P2pProperties.Limits limits) {
		nonNegative("p2p.limits.max-connections", limits.getMaxConnections());
		nonNegative("p2p.limits.max-connections-per-address", limits.getMaxConnectionsPerAddress());
		nonNegative("p2p.limits.max-requests-in-flight", limits.getMaxRequestsInFlight());
		if (limits.getConnectionRate() < 0 || Double.isNaN(limits.getConnectionRate())) {
			throw new InvalidP2pPropertyException("p2p.limits.connection-rate", limits.getConnectionRate(),
					"p2p.limits.connection-rate must be 0 or more, was " + limits.getConnectionRate());
		}
		if (limits.getConnectionBurst() < 1) {
			throw new InvalidP2pPropertyException("p2p.limits.connection-burst", limits.getConnectionBurst(),
					"p2p.limits.connection-burst must be at least 1, was " + limits.getConnectionBurst());
		}
		if (limits.getIdleTimeout() == null || limits.getIdleTimeout().isNegative()) {
			throw new InvalidP2pPropertyException("p2p.limits.idle-timeout", limits.getIdleTimeout(),
					"p2p.limits.idle-timeout must be 0 or a positive duration, was " + limits.getIdleTimeout());
		}
		return new ConnectionLimits(limits.getMaxConnections(), limits.getMaxConnectionsPerAddress(),
				limits.getConnectionRate(), limits.getConnectionBurst(), limits.getIdleTimeout(),
				limits.getMaxRequestsInFlight());
	}

	private static void nonNegative(String property, int value) {
		if (value < 0) {
			throw new InvalidP2pPropertyException(property, value, property + " must be 0 or more, was " + value);
		}
	}

}
