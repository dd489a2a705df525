package dev.p2p.transport;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * The TLS material new connections use, replaceable while the node runs: when the SSL bundle
 * is reloaded (a rotated certificate), {@link #update} makes the next dialled and the next
 * accepted connection use the new context and options. Connections already open keep theirs.
 */
public final class TlsContext {

	private volatile Material current;

	/**
	 * Create the holder.
	 * @param initial the material to start with
	 */
	public TlsContext(Material initial) {
		this.current = initial;
	}

	/**
	 * The material for a new connection.
	 * @return the current material
	 */
	public Material current() {
		return this.current;
	}

	/**
	 * Use other material for connections made from now on.
	 * @param material the new material
	 */
	public void update(Material material) {
		this.current = material;
	}

	/**
	 * An SSL context with the protocol versions and cipher suites to enable.
	 *
	 * @param context key material and trust store
	 * @param protocols enabled protocol versions, such as {@code TLSv1.3}
	 * @param ciphers enabled cipher suites, {@code null} for the JDK defaults
	 */
	public record Material(SSLContext context, List<String> protocols, @Nullable List<String> ciphers) {

		/**
		 * Copies the lists.
		 */
		public Material {
			protocols = List.copyOf(protocols);
			ciphers = (ciphers != null) ? List.copyOf(ciphers) : null;
		}

	}

}
