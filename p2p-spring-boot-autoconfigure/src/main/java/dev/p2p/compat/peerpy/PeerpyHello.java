package dev.p2p.compat.peerpy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * peerpy's connection offer, sent by the dialer as soon as it is connected.
 *
 * <pre>
 * HELLO|peer_name=127.0.0.1:39351&amp;data_type=json&amp;strict=True||||...|              (128 bytes)
 * HELLO|peer_name=127.0.0.1:56269&amp;data_type=bytes&amp;strict=True&amp;stream=True||...|  (stream mode)
 * </pre>
 *
 * <p>{@code peer_name} is the dialer's own listening address, self-asserted. {@code strict} and
 * {@code stream} are read as Python's {@code bool(str)}: {@code strict=False} reads as true, as
 * in peerpy. A HELLO this node cannot serve is described by {@link #refusal()}.
 *
 * @param peerName the dialer's {@code peer_name}
 * @param dataType the connection's data type
 * @param strict the {@code strict} flag as peerpy reads it
 * @param stream whether the dialer asks for stream mode
 */
public record PeerpyHello(String peerName, PeerpyDataType dataType, boolean strict, boolean stream)
		implements PeerpyMessage {

	/** Header type. */
	public static final String TYPE = "HELLO";

	/**
	 * Create a HELLO.
	 * @param peerName the dialer's {@code peer_name}
	 * @param dataType the connection's data type
	 * @param strict the {@code strict} flag
	 * @param stream whether to ask for stream mode
	 */
	public PeerpyHello {
		if (peerName == null || peerName.isEmpty()) {
			throw new IllegalArgumentException("peerpy peer_name must not be empty");
		}
		if (dataType == null) {
			throw new IllegalArgumentException("peerpy data_type must not be null");
		}
	}

	/**
	 * Read a HELLO from a parsed header, as peerpy's {@code _handle_offer} does.
	 * @param header the header
	 * @return the HELLO
	 * @throws PeerpyProtocolException if the header is not a HELLO, lacks {@code peer_name},
	 * {@code data_type} or {@code strict}, or names an unknown data type
	 */
	public static PeerpyHello fromHeader(PeerpyHeader header) throws PeerpyProtocolException {
		if (!TYPE.equals(header.type())) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER,
					"peerpy offer starts with '" + PeerpyHeader.printable(header.type()) + "', not HELLO");
		}
		String peerName = header.require("peer_name");
		PeerpyDataType dataType = PeerpyDataType.fromWire(header.require("data_type"));
		header.require("strict");
		if (peerName.isEmpty()) {
			throw new PeerpyProtocolException(PeerpyViolation.MISSING_FIELD, "peerpy HELLO has an empty peer_name");
		}
		return new PeerpyHello(PeerpyHeader.printable(peerName), dataType, header.pythonBool("strict"),
				header.pythonBool("stream"));
	}

	/**
	 * Why this node must DENY the offer, if it must: {@code raw} is pickle, and stream mode
	 * breaks on peerpy's own keepalives.
	 * @return the refusal, empty if the offer can be served
	 */
	public Optional<PeerpyProtocolException> refusal() {
		if (this.dataType == PeerpyDataType.RAW) {
			return Optional.of(new PeerpyProtocolException(PeerpyViolation.RAW_DATA_TYPE,
					"peerpy peer " + this.peerName + " offers data_type=raw (pickle), which is never read"));
		}
		if (this.stream) {
			return Optional.of(new PeerpyProtocolException(PeerpyViolation.STREAM_MODE,
					"peerpy peer " + this.peerName + " offers stream=True, which is not supported"));
		}
		return Optional.empty();
	}

	/**
	 * The header peerpy's {@code build_hello_header} writes ({@code stream} only when set).
	 * @return the header
	 */
	public PeerpyHeader toHeader() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("peer_name", this.peerName);
		fields.put("data_type", this.dataType.wireName());
		fields.put("strict", this.strict ? "True" : "False");
		if (this.stream) {
			fields.put("stream", "True");
		}
		return new PeerpyHeader(TYPE, fields);
	}

	@Override
	public byte[] toBytes() {
		return toHeader().toBytes();
	}

}
