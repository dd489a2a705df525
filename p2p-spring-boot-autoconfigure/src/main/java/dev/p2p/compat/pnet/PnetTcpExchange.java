package dev.p2p.compat.pnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

/**
 * One pnet request over TCP, as pnet's {@code Node.send} makes it: connect, write one
 * {@code msg} line, read the reply until the server closes, decrypt it.
 *
 * <pre>
 * --&gt; lab|msg|&lt;network layer(node layer(command, target pk))&gt;|&lt;own pk&gt;|END\n
 * &lt;-- lab|rsp|&lt;network layer(node layer(answer, own pk))&gt;|&lt;target pk&gt;|END\n   then EOF
 * </pre>
 *
 * <p>Unlike pnet, connecting and reading are bounded by a timeout and the reply by a length
 * cap. A reply in pnet's unkeyed form ({@code b'...'}) is read too.
 */
public final class PnetTcpExchange implements PnetExchange {

	private final InetSocketAddress target;

	private final RSAPublicKey targetKey;

	private final String networkId;

	private final PnetNodeCipher cipher;

	private final PnetNetworkLayer layer;

	private final Duration timeout;

	private final int maxLineLength;

	/**
	 * Create an exchange with one node.
	 * @param target the node's server address
	 * @param targetKey the node's public key (from its advert)
	 * @param networkId the network id
	 * @param cipher this node's node layer
	 * @param layer the network layer
	 * @param timeout bound of the connect and of every read
	 * @param maxLineLength longest reply accepted, in bytes
	 */
	public PnetTcpExchange(InetSocketAddress target, RSAPublicKey targetKey, String networkId, PnetNodeCipher cipher,
			PnetNetworkLayer layer, Duration timeout, int maxLineLength) {
		this.target = target;
		this.targetKey = targetKey;
		this.networkId = networkId;
		this.cipher = cipher;
		this.layer = layer;
		this.timeout = timeout;
		this.maxLineLength = maxLineLength;
	}

	@Override
	public PnetCommand exchange(PnetCommand command) throws IOException {
		String content = this.layer.wrap(this.cipher.encrypt(UniversalValue.text(command.toText()), this.targetKey));
		PnetLine request = new PnetLine(this.networkId, PnetLine.MSG, content, this.cipher.publicKeyField());
		String reply;
		try (Socket socket = new Socket()) {
			socket.connect(this.target, (int) this.timeout.toMillis());
			socket.setSoTimeout((int) this.timeout.toMillis());
			socket.getOutputStream().write(request.toBytes());
			socket.getOutputStream().flush();
			reply = readToEnd(socket.getInputStream());
		}
		catch (SocketTimeoutException ex) {
			throw new PnetProtocolException(PnetViolation.READ_TIMEOUT,
					"pnet node " + this.target + " did not answer within " + this.timeout.toMillis() + " ms", ex);
		}
		return decode(reply);
	}

	private PnetCommand decode(String reply) throws PnetProtocolException {
		if (reply.isBlank()) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet node " + this.target + " closed without a reply (its handler failed)");
		}
		PnetLine line = PnetLine.parse(reply);
		if (PnetLine.ERR.equals(line.type())) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet node " + this.target + " answered " + PnetLine.abbreviate(line.content()));
		}
		if (!this.networkId.equals(line.networkId()) || !PnetLine.RSP.equals(line.type())) {
			throw new PnetProtocolException(PnetViolation.PACKET_TYPE, "pnet node " + this.target + " answered a "
					+ PnetLine.abbreviate(line.type()) + " line of network '" + PnetLine.abbreviate(line.networkId()) + "'");
		}
		UniversalValue value = this.cipher.decrypt(this.layer.unwrap(line.content()));
		return PnetCommand.parse(value.asText());
	}

	private String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			if (reply.size() + read > this.maxLineLength) {
				throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet reply from " + this.target
						+ " is longer than the limit of " + this.maxLineLength + " bytes");
			}
			reply.write(buffer, 0, read);
		}
		return reply.toString(StandardCharsets.UTF_8);
	}

}
