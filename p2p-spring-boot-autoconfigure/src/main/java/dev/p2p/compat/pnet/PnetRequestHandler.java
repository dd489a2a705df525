package dev.p2p.compat.pnet;

import java.security.interfaces.RSAPublicKey;

/**
 * The server side of one pnet TCP request: one line in, at most one line out, as pnet's
 * {@code NodeHandler} answers it.
 *
 * <pre>
 * in:   lab|msg|&lt;network layer(node layer(command))&gt;|&lt;caller pk&gt;|END\n
 * out:  lab|rsp|&lt;network layer(node layer(answer, for the caller pk))&gt;|&lt;own pk&gt;|END\n
 * bad:  lab|err|ERR_SECTION_COUNT||END\n   (pnet's error codes; none where pnet's thread would die)
 * </pre>
 *
 * <p>The reply is encrypted for the {@code pk} of the request line, and written as plain base64
 * even without a network key (pnet itself writes Python's {@code b'...'} there, which its own
 * decoder cannot read). Only {@code msg} is taken: {@code adv} and {@code brd} over TCP (which
 * pnet takes silently) get {@code ERR_PACKET_TYPE} here.
 */
public final class PnetRequestHandler {

	private final String networkId;

	private final PnetNodeCipher cipher;

	private final PnetNetworkLayer layer;

	private final PnetChunkedServer server;

	/** Told of every {@code ERROR?rs=...} answer (checksum error, wrong id, ...), for metrics. */
	private volatile java.util.function.Consumer<String> errorAnswers = (reason) -> {
	};

	/**
	 * Create the handler.
	 * @param networkId this node's network id
	 * @param cipher this node's node layer
	 * @param layer the network layer
	 * @param server the AdvancedNode commands served
	 */
	public PnetRequestHandler(String networkId, PnetNodeCipher cipher, PnetNetworkLayer layer, PnetChunkedServer server) {
		this.networkId = networkId;
		this.cipher = cipher;
		this.layer = layer;
		this.server = server;
	}

	/**
	 * Answer one request line.
	 * @param text the line as received
	 * @return the reply line
	 * @throws PnetProtocolException where pnet has no error answer (the connection is then
	 * closed without a reply, as pnet's is); where it has one, {@link #errorReply} gives it
	 */
	public PnetLine handle(String text) throws PnetProtocolException {
		PnetLine line = PnetLine.parse(text);
		if (!this.networkId.equals(line.networkId())) {
			throw new PnetProtocolException(PnetViolation.WRONG_NETWORK,
					"pnet request of network '" + PnetLine.abbreviate(line.networkId()) + "', not '" + this.networkId + "'");
		}
		if (!PnetLine.MSG.equals(line.type())) {
			throw new PnetProtocolException(PnetViolation.PACKET_TYPE,
					"pnet request of type '" + PnetLine.abbreviate(line.type()) + "' (this node answers msg only)");
		}
		RSAPublicKey caller = PnetPublicKeys.fromField(line.pk());
		UniversalValue value = this.cipher.decrypt(this.layer.unwrap(line.content()));
		if (!UniversalValue.TEXT.equals(value.format())) {
			throw new PnetProtocolException(PnetViolation.MALFORMED, "pnet request of format " + value.format()
					+ " (" + value.data().length + " bytes) is not an AdvancedNode command");
		}
		PnetCommand answer = this.server.handle(PnetCommand.parse(value.asText()));
		if ("ERROR".equals(answer.name())) {
			this.errorAnswers.accept(answer.get("rs", "error"));
		}
		String content = this.layer.wrap(this.cipher.encrypt(UniversalValue.text(answer.toText()), caller));
		return new PnetLine(this.networkId, PnetLine.RSP, content, this.cipher.publicKeyField());
	}

	/**
	 * Be told of the AdvancedNode errors this node answers ({@code ERROR?rs=checksum error} and
	 * the like), which pnet's own clients mostly ignore or retry.
	 * @param observer receives the {@code rs} of each error answer
	 */
	public void onErrorAnswer(java.util.function.Consumer<String> observer) {
		this.errorAnswers = observer;
	}

	/**
	 * pnet's error answer for a refused request, if pnet has one.
	 * @param ex the refusal
	 * @return the error line, or {@code null} where pnet sends nothing
	 */
	public PnetLine errorReply(PnetProtocolException ex) {
		PnetViolation violation = ex.getViolation();
		if (violation.errorCode() == null) {
			return null;
		}
		boolean withKey = violation == PnetViolation.RSA_DECRYPTION || violation == PnetViolation.INVALID_IP
				|| violation == PnetViolation.INVALID_FORMAT;
		return PnetLine.error(this.networkId, violation, withKey ? this.cipher.publicKeyField() : "");
	}

}
