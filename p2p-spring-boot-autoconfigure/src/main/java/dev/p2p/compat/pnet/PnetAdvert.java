package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pnet advert: a node's name, address and public key, broadcast over UDP every 2.5 s.
 *
 * <pre>
 * lab|adv|alpha@10.233.6.1:43001|LS0tLS1CRUdJTi...|END\n                        (unkeyed, 252 B with RSA-512)
 * lab|adv|Z0FBQUFBQnJF...|LS0tLS1CRUdJTi...|END\n                                (keyed: B64U(Fernet(network_key, "name@ip:port")))
 * </pre>
 *
 * <p>pnet reads adverts with {@code recvfrom(1024)}, so an advert must stay under
 * {@value #MAX_DATAGRAM_SIZE} bytes; a received one is accepted as pnet accepts it: same
 * network id, type {@code adv}, content (after the network layer) {@code name@addr} with exactly
 * one {@code @}, {@code addr} dotted IPv4:port or {@code localhost:port}.
 *
 * @param name the node's pnet name
 * @param host dotted IPv4 or {@code localhost}
 * @param port the node's pnet TCP server port
 * @param publicKey the node's RSA public key
 */
public record PnetAdvert(String name, String host, int port, RSAPublicKey publicKey) {

	/** Largest advert datagram a pnet node reads whole. */
	public static final int MAX_DATAGRAM_SIZE = 1024;

	private static final Pattern IPV4_PORT = Pattern.compile(
			"^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]):[0-9]{1,5}$");

	private static final Pattern LOCALHOST_PORT = Pattern.compile("^localhost:[0-9]{1,5}$");

	/**
	 * The advert line to broadcast.
	 * @param networkId the network id
	 * @param layer the network layer
	 * @return the line
	 * @throws IllegalStateException if the line reaches {@value #MAX_DATAGRAM_SIZE} bytes (a
	 * longer network id, name or RSA key than pnet can read)
	 */
	public PnetLine toLine(String networkId, PnetNetworkLayer layer) {
		PnetLine line = new PnetLine(networkId, PnetLine.ADV, layer.wrap(this.name + "@" + this.host + ":" + this.port),
				PnetPublicKeys.toField(this.publicKey));
		int size = line.toBytes().length;
		if (size >= MAX_DATAGRAM_SIZE) {
			throw new IllegalStateException("pnet advert of " + size + " bytes reaches pnet's read size of "
					+ MAX_DATAGRAM_SIZE + " bytes: shorten the network id or name, or use an RSA key of at most 2048 bits");
		}
		return line;
	}

	/**
	 * Read an advert line as pnet's advert listener does.
	 * @param line the parsed line
	 * @param networkId this node's network id
	 * @param layer this node's network layer
	 * @return the advert (the caller drops one carrying its own name)
	 * @throws PnetProtocolException naming why it is not an advert of this network
	 */
	public static PnetAdvert fromLine(PnetLine line, String networkId, PnetNetworkLayer layer)
			throws PnetProtocolException {
		if (!networkId.equals(line.networkId())) {
			throw new PnetProtocolException(PnetViolation.WRONG_NETWORK,
					"pnet advert of network '" + PnetLine.abbreviate(line.networkId()) + "', not '" + networkId + "'");
		}
		if (!PnetLine.ADV.equals(line.type())) {
			throw new PnetProtocolException(PnetViolation.PACKET_TYPE,
					"pnet datagram of type '" + PnetLine.abbreviate(line.type()) + "' is not an advert");
		}
		String content = layer.unwrap(line.content());
		int at = content.indexOf('@');
		if (at <= 0 || at != content.lastIndexOf('@') || content.indexOf(':') < 0) {
			throw new PnetProtocolException(PnetViolation.INVALID_FORMAT,
					"pnet advert content '" + PnetLine.abbreviate(content) + "' is not name@ip:port");
		}
		String address = content.substring(at + 1);
		if (!IPV4_PORT.matcher(address).matches() && !LOCALHOST_PORT.matcher(address).matches()) {
			throw new PnetProtocolException(PnetViolation.INVALID_IP,
					"pnet advert address '" + PnetLine.abbreviate(address) + "' is neither IPv4:port nor localhost:port");
		}
		int colon = address.lastIndexOf(':');
		int port = Integer.parseInt(address.substring(colon + 1));
		if (port < 1 || port > 65535) {
			throw new PnetProtocolException(PnetViolation.INVALID_IP, "pnet advert port " + port + " is outside 1..65535");
		}
		return new PnetAdvert(content.substring(0, at), address.substring(0, colon), port,
				PnetPublicKeys.fromField(line.pk()));
	}

	/**
	 * Split a received datagram into its lines ({@code \n}-terminated; a trailing piece without
	 * a newline is dropped, as pnet keeps it waiting for a next datagram that may never come).
	 * @param data the receive buffer
	 * @param length the datagram length
	 * @return the line texts
	 */
	public static List<String> lines(byte[] data, int length) {
		String text = new String(data, 0, length, StandardCharsets.UTF_8);
		List<String> lines = new ArrayList<>();
		int start = 0;
		int newline;
		while ((newline = text.indexOf('\n', start)) >= 0) {
			if (newline > start) {
				lines.add(text.substring(start, newline));
			}
			start = newline + 1;
		}
		return lines;
	}

}
