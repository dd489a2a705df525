package dev.p2p.compat.peerpy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A peerpy DATA message: a 128-byte header announcing size and type, then exactly that many
 * payload bytes.
 *
 * <pre>
 * DATA|data_size=28&amp;data_type=json||||...|{"data": {"hello": "world"}}
 * &lt;------------ 128 bytes -------------&gt;&lt;-------- 28 bytes ---------&gt;
 * </pre>
 *
 * <p>{@link #toBytes()} gives header and payload in one array so they go out in one write:
 * peerpy reads the payload with a single {@code recv} per 8192 bytes and loses step when it
 * arrives in pieces.
 *
 * @param dataType the payload's data type (the connection's)
 * @param payload the encoded payload
 */
public record PeerpyData(PeerpyDataType dataType, byte[] payload) implements PeerpyMessage {

	/** Header type. */
	public static final String TYPE = "DATA";

	/**
	 * Create a DATA message.
	 * @param dataType the payload's data type; never {@code raw}, which this node does not write
	 * @param payload the encoded payload
	 */
	public PeerpyData {
		if (dataType == null || payload == null) {
			throw new IllegalArgumentException("peerpy DATA needs a data type and a payload");
		}
	}

	/**
	 * The header peerpy's {@code build_data_header} writes for a payload.
	 * @param dataSize payload size in bytes
	 * @param dataType payload data type
	 * @return the header
	 */
	public static PeerpyHeader header(int dataSize, PeerpyDataType dataType) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("data_size", Integer.toString(dataSize));
		fields.put("data_type", dataType.wireName());
		return new PeerpyHeader(TYPE, fields);
	}

	@Override
	public byte[] toBytes() {
		byte[] header = header(this.payload.length, this.dataType).toBytes();
		byte[] message = Arrays.copyOf(header, header.length + this.payload.length);
		System.arraycopy(this.payload, 0, message, header.length, this.payload.length);
		return message;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PeerpyData data && data.dataType == this.dataType
				&& Arrays.equals(data.payload, this.payload);
	}

	@Override
	public int hashCode() {
		return 31 * this.dataType.hashCode() + Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		return "PeerpyData[" + this.dataType.wireName() + ", " + this.payload.length + " bytes]";
	}

}
