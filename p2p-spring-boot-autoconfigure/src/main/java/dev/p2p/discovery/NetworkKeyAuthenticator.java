package dev.p2p.discovery;

import java.util.Arrays;

import dev.p2p.security.NetworkKey;

/**
 * Authenticates discovery datagrams with the network key ({@code p2p.security.network-key}):
 * the tag is an HMAC-SHA256, in its own domain, over every byte of the advert before the tag
 * (docs/PROTOCOL.md §11.1). Adverts of nodes without the key, or with another one, are dropped
 * as spoofed, so they never reach the peer list or the dialer.
 */
public final class NetworkKeyAuthenticator implements DatagramAuthenticator {

	/** Domain of advert tags, so a tag can never pass for a handshake proof or the reverse. */
	public static final String DOMAIN = "p2p/1 discovery advert";

	private final NetworkKey key;

	/**
	 * Authenticate with a network key.
	 * @param key the key every node of the network holds
	 */
	public NetworkKeyAuthenticator(NetworkKey key) {
		this.key = key;
	}

	@Override
	public byte[] tag(byte[] data, int length) {
		return this.key.mac(DOMAIN, Arrays.copyOf(data, length));
	}

	@Override
	public boolean verify(byte[] data, int length, byte[] tag) {
		return tag.length == NetworkKey.MAC_LENGTH && this.key.verify(tag, DOMAIN, Arrays.copyOf(data, length));
	}

}
