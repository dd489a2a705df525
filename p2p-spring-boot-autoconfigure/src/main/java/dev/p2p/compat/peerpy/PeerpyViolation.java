package dev.p2p.compat.peerpy;

/**
 * Why a peerpy header, payload or handshake was refused. The {@link #tag()} is meant for metric
 * tags and event reasons, so it stays short and stable.
 */
public enum PeerpyViolation {

	/** Not 128 bytes of UTF-8, an unknown header type, or fields peerpy itself could not parse. */
	MALFORMED_HEADER("malformed-header"),

	/** A HELLO or DATA without a field peerpy requires. */
	MISSING_FIELD("missing-field"),

	/** A {@code data_type} other than {@code raw}, {@code json} or {@code bytes}. */
	INVALID_DATA_TYPE("invalid-data-type"),

	/** {@code data_type=raw}: pickle, never read. */
	RAW_DATA_TYPE("raw-refused"),

	/** {@code stream=True}: peerpy's stream mode breaks on its own keepalives, so it is denied. */
	STREAM_MODE("stream-refused"),

	/** A DATA whose type is not the one agreed in the HELLO. */
	UNEXPECTED_DATA_TYPE("unexpected-data-type"),

	/** A {@code data_size} above the payload limit. */
	PAYLOAD_TOO_LARGE("oversize"),

	/** The stream ended inside a header or payload. */
	TRUNCATED("truncated"),

	/** A json payload that is not an object with a {@code data} member. */
	MALFORMED_JSON("malformed-json");

	private final String tag;

	PeerpyViolation(String tag) {
		this.tag = tag;
	}

	/**
	 * Short machine-friendly name, such as {@code raw-refused}.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
