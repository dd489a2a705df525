package dev.p2p.compat.pnet;

/**
 * Why a pnet line, message or advert was refused, with pnet's own error code where pnet answers
 * that case with one ({@code {network_id}|err|CODE|...|END}). The {@link #tag()} is meant for
 * metric tags and event reasons.
 */
public enum PnetViolation {

	/** Not 5 {@code |}-separated parts. */
	SECTION_COUNT("section-count", "ERR_SECTION_COUNT"),

	/** Part 5 is not {@code END}. */
	INCOMPLETE("incomplete", "ERR_PACKET_INCOMPLETE"),

	/** Another network id. */
	WRONG_NETWORK("wrong-network", "ERR_NETWORK_INCORRECT"),

	/** A line type this side does not take. */
	PACKET_TYPE("packet-type", "ERR_PACKET_TYPE"),

	/** The network-key layer does not decrypt (another key, or none). */
	NET_DECRYPTION("net-decryption", "ERR_NET_DECRYPTION_FAILED"),

	/** The node layer's RSA part does not decrypt with this node's key. */
	RSA_DECRYPTION("rsa-decryption", "ERR_RSA_DECRYPTION_FAILED"),

	/** A TCP advert whose address is not dotted IPv4:port. */
	INVALID_IP("invalid-ip", "ERR_BR_INVALID_IP"),

	/** A TCP advert whose content is not {@code name@ip:port}. */
	INVALID_FORMAT("invalid-format", "ERR_BR_INVALID_FORMAT"),

	/** Bad base64, a Fernet token that fails its HMAC, a malformed command (pnet has no answer). */
	MALFORMED("malformed", null),

	/** {@code pkl} content: pickle, never decoded. */
	PICKLE("pickle-refused", null),

	/** A line, transfer or result over its cap, or too many transfers at once. */
	OVERSIZE("oversize", null),

	/** A line that did not arrive in time. */
	READ_TIMEOUT("read-timeout", null);

	private final String tag;

	private final String errorCode;

	PnetViolation(String tag, String errorCode) {
		this.tag = tag;
		this.errorCode = errorCode;
	}

	/**
	 * Short machine-friendly name, such as {@code pickle-refused}.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * pnet's error code for this case.
	 * @return the code such as {@code ERR_SECTION_COUNT}, or {@code null} where pnet has none
	 * (its handler thread dies and the client reads an empty reply)
	 */
	public String errorCode() {
		return this.errorCode;
	}

}
