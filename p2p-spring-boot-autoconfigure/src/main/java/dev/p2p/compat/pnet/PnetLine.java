package dev.p2p.compat.pnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One pnet line, the unit of its TCP requests, replies and UDP adverts.
 *
 * <pre>
 * {network_id}|{type}|{content}|{pk}|END\n
 * lab|msg|WFRSMW1p...|LS0tLS1CRUdJTi...|END\n      type: msg rsp adv brd err
 * lab|err|ERR_SECTION_COUNT||END\n                 pnet's error answer (pk may be empty)
 * </pre>
 *
 * <p>Parsing follows pnet: the line is stripped of surrounding whitespace, split on every
 * {@code |}, and must give exactly 5 parts, the last {@code END}. Reading stops at {@code \n}
 * and refuses a line longer than the caller's cap before buffering more of it (pnet has no cap).
 *
 * @param networkId the network id
 * @param type the line type
 * @param content the content (encrypted, or an error code)
 * @param pk the sender's {@code pk} field (may be empty)
 */
public record PnetLine(String networkId, String type, String content, String pk) {

	/** Request carrying an encrypted message, answered with {@code rsp}. */
	public static final String MSG = "msg";

	/** Reply to a {@code msg}. */
	public static final String RSP = "rsp";

	/** Advert {@code name@ip:port}. */
	public static final String ADV = "adv";

	/** Broadcast, passed to the callback, never answered. */
	public static final String BRD = "brd";

	/** pnet's error answer. */
	public static final String ERR = "err";

	/**
	 * Create a line.
	 * @param networkId the network id
	 * @param type the line type
	 * @param content the content
	 * @param pk the sender's {@code pk} field
	 */
	public PnetLine {
		for (String part : new String[] { networkId, type, content, pk }) {
			if (part == null || part.indexOf('|') >= 0 || part.indexOf('\n') >= 0) {
				throw new IllegalArgumentException("pnet line part '" + part + "' must be non-null, without '|' or newline");
			}
		}
	}

	/**
	 * pnet's error answer {@code {network_id}|err|CODE|{pk}|END}.
	 * @param networkId this node's network id
	 * @param violation the violation (one with an {@link PnetViolation#errorCode() error code})
	 * @param pk this node's {@code pk} field where pnet sends it ({@code RSA_DECRYPTION}, TCP adverts), else empty
	 * @return the line
	 */
	public static PnetLine error(String networkId, PnetViolation violation, String pk) {
		if (violation.errorCode() == null) {
			throw new IllegalArgumentException("pnet has no error answer for " + violation);
		}
		return new PnetLine(networkId, ERR, violation.errorCode(), pk);
	}

	/**
	 * The line as written.
	 * @return the text, ending {@code |END\n}
	 */
	public String toText() {
		return this.networkId + "|" + this.type + "|" + this.content + "|" + this.pk + "|END\n";
	}

	/**
	 * The line's UTF-8 bytes.
	 * @return the bytes
	 */
	public byte[] toBytes() {
		return toText().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Parse a line as pnet's handler does (network id is checked by the caller).
	 * @param text the line, with or without its newline
	 * @return the line
	 * @throws PnetProtocolException with {@link PnetViolation#SECTION_COUNT} or
	 * {@link PnetViolation#INCOMPLETE}
	 */
	public static PnetLine parse(String text) throws PnetProtocolException {
		String[] parts = text.strip().split("\\|", -1);
		if (parts.length != 5) {
			throw new PnetProtocolException(PnetViolation.SECTION_COUNT,
					"pnet line of " + text.length() + " chars has " + parts.length + " sections, not 5");
		}
		if (!"END".equals(parts[4])) {
			throw new PnetProtocolException(PnetViolation.INCOMPLETE,
					"pnet line ends with '" + abbreviate(parts[4]) + "', not END");
		}
		return new PnetLine(parts[0], parts[1], parts[2], parts[3]);
	}

	/**
	 * Read one line (up to and including {@code \n}, or to the end of the stream).
	 * @param in the stream (its read timeout bounds slow clients)
	 * @param maxLength longest line accepted, in bytes
	 * @return the line text, or {@code null} if the stream ended before any byte
	 * @throws PnetProtocolException with {@link PnetViolation#OVERSIZE} naming the limit, or
	 * {@link PnetViolation#MALFORMED} if it is not UTF-8
	 * @throws IOException if reading fails
	 */
	public static String readText(InputStream in, int maxLength) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (line.size() >= maxLength) {
				throw new PnetProtocolException(PnetViolation.OVERSIZE,
						"pnet line is longer than the limit of " + maxLength + " bytes");
			}
			line.write(b);
			if (b == '\n') {
				break;
			}
		}
		if (line.size() == 0) {
			return null;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(line.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new PnetProtocolException(PnetViolation.MALFORMED,
					"pnet line of " + line.size() + " bytes is not valid UTF-8");
		}
	}

	static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
