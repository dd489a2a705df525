package dev.p2p.peer;

import java.net.InetSocketAddress;

/**
 * A peer's host and port, as written in {@code p2p.peers} ({@code host:port},
 * {@code [ipv6]:port}).
 *
 * @param host host name or literal address
 * @param port TCP port, 1 to 65535
 */
public record PeerAddress(String host, int port) {

	public PeerAddress {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("Peer address needs a host");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("Peer port must be 1 to 65535, was " + port);
		}
	}

	/**
	 * Parse {@code host:port} or {@code [ipv6]:port}.
	 * @param text the address
	 * @return the parsed address
	 * @throws IllegalArgumentException naming the text when it is not of that form
	 */
	public static PeerAddress parse(String text) {
		String value = (text != null) ? text.trim() : "";
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException("Peer address '" + text + "' must be host:port");
		}
		String host = value.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.indexOf(':') >= 0) {
			throw new IllegalArgumentException("Peer address '" + text + "': write IPv6 hosts as [address]:port");
		}
		int port;
		try {
			port = Integer.parseInt(value.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Peer address '" + text + "' has a port that is not a number");
		}
		try {
			return new PeerAddress(host, port);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Peer address '" + text + "': " + ex.getMessage());
		}
	}

	/**
	 * From a socket address.
	 * @param address the socket address
	 * @return host string and port
	 */
	public static PeerAddress of(InetSocketAddress address) {
		return new PeerAddress(address.getHostString(), address.getPort());
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
