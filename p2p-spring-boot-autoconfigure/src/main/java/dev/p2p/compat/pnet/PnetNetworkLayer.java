package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * pnet's network layer: with a {@code network_key}, msg/rsp content and the advert's
 * {@code name@ip:port} are wrapped in a Fernet token of that key; without one they are sent as
 * they are.
 *
 * <pre>
 * keyed:    content = B64U(Fernet(network_key, inner))
 * unkeyed:  content = inner                      (pnet's own rsp: b'inner', Python's bytes repr)
 * </pre>
 */
public final class PnetNetworkLayer {

	private final Fernet fernet;

	/**
	 * Create the layer.
	 * @param networkKey the network's Fernet key text, or {@code null}/empty for none
	 * @param random randomness for IVs
	 */
	public PnetNetworkLayer(String networkKey, SecureRandom random) {
		this.fernet = (networkKey == null || networkKey.isBlank()) ? null : new Fernet(networkKey, random);
	}

	/**
	 * Whether a network key is set.
	 * @return {@code true} if content is wrapped
	 */
	public boolean isKeyed() {
		return this.fernet != null;
	}

	/**
	 * Wrap content for the wire.
	 * @param inner the content (node-layer text or advert text)
	 * @return the wrapped content, or the inner text without a key
	 */
	public String wrap(String inner) {
		if (this.fernet == null) {
			return inner;
		}
		return PnetBase64.encode(this.fernet.encrypt(inner.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Unwrap received content. Without a key, a Python rsp's bytes repr {@code b'...'} is
	 * stripped as well.
	 * @param content the content part of a line
	 * @return the inner text
	 * @throws PnetProtocolException with {@link PnetViolation#NET_DECRYPTION} if it is not a token
	 * of the network key
	 */
	public String unwrap(String content) throws PnetProtocolException {
		if (this.fernet == null) {
			return stripBytesRepr(content);
		}
		try {
			String token = new String(PnetBase64.decode(content, "network layer"), StandardCharsets.UTF_8);
			return this.fernet.decryptText(token);
		}
		catch (PnetProtocolException ex) {
			throw new PnetProtocolException(PnetViolation.NET_DECRYPTION,
					"pnet content of " + content.length() + " chars does not decrypt with the network key: " + ex.getMessage(),
					ex);
		}
	}

	static String stripBytesRepr(String content) {
		if (content.length() >= 3 && content.startsWith("b'") && content.endsWith("'")) {
			return content.substring(2, content.length() - 1);
		}
		return content;
	}

	@Override
	public String toString() {
		return "PnetNetworkLayer[" + (isKeyed() ? "keyed, key masked" : "unkeyed") + "]";
	}

}
