package dev.p2p.compat.peerpy;

/**
 * A peerpy address {@code ip:port}, as peerpy writes {@code peer_name}, {@code pinger} and
 * {@code ponger} (IPv4 or a host name; peerpy splits on {@code :}, so no IPv6 literals).
 *
 * @param host the IPv4 address or host name
 * @param port the port
 */
public record PeerpyAddress(String host, int port) {

	/**
	 * Create an address.
	 * @param host the host, non-empty, without {@code :} or header separators
	 * @param port the port, 0..65535
	 */
	public PeerpyAddress {
		if (host == null || host.isEmpty() || host.chars().anyMatch((c) -> c == ':' || c == '|' || c == '&' || c == '=')) {
			throw new IllegalArgumentException("peerpy address host '" + host + "' must be non-empty, without ':|&='");
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("peerpy address port " + port + " is outside 0..65535");
		}
	}

	/**
	 * Parse {@code ip:port}.
	 * @param text the address text
	 * @return the address
	 * @throws IllegalArgumentException naming the text if it is not {@code host:port}
	 */
	public static PeerpyAddress parse(String text) {
		int colon = text.indexOf(':');
		if (colon <= 0 || colon != text.lastIndexOf(':') || colon == text.length() - 1) {
			throw new IllegalArgumentException("peerpy address '" + PeerpyHeader.printable(text) + "' is not host:port");
		}
		String port = text.substring(colon + 1);
		if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
			throw new IllegalArgumentException("peerpy address '" + PeerpyHeader.printable(text) + "' has no numeric port");
		}
		return new PeerpyAddress(text.substring(0, colon), Integer.parseInt(port));
	}

	/**
	 * Whether the host is the IPv4 wildcard, as a peerpy peer bound to all interfaces names itself.
	 * @return {@code true} for {@code 0.0.0.0}
	 */
	public boolean isWildcard() {
		return "0.0.0.0".equals(this.host);
	}

	@Override
	public String toString() {
		return this.host + ":" + this.port;
	}

}
