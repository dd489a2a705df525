package dev.p2p.compat.peerpy;

import java.util.Locale;

/**
 * The {@code data_type} of a peerpy connection, fixed by its HELLO. {@link #RAW} is pickle: a
 * Java node refuses it and never reads such a payload.
 */
public enum PeerpyDataType {

	/** {@code raw}: Python pickle. Never read. */
	RAW,

	/** {@code json}: {@code {"data": value}} as Python's {@code json.dumps} writes it. */
	JSON,

	/** {@code bytes}: the payload as it is. */
	BYTES;

	/**
	 * Name on the wire.
	 * @return {@code raw}, {@code json} or {@code bytes}
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parse a wire name exactly (peerpy compares case-sensitively).
	 * @param value the header value
	 * @return the data type
	 * @throws PeerpyProtocolException naming the value if it is not one of the three
	 */
	public static PeerpyDataType fromWire(String value) throws PeerpyProtocolException {
		for (PeerpyDataType type : values()) {
			if (type.wireName().equals(value)) {
				return type;
			}
		}
		throw new PeerpyProtocolException(PeerpyViolation.INVALID_DATA_TYPE,
				"peerpy data_type '" + value + "' is none of raw, json, bytes");
	}

}
