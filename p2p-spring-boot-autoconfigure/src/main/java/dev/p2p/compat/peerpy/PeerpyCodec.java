package dev.p2p.compat.peerpy;

import tools.jackson.databind.json.JsonMapper;

/**
 * Between packets of the profile's type and peerpy DATA: a json DATA carries
 * {@code {"data": value}} and the packet the value's compact JSON (what the json codec reads);
 * a bytes DATA and its packet carry the same bytes.
 */
final class PeerpyCodec {

	private final Enum<?> packetType;

	private final PeerpyJsonPayload json;

	private final int maxSendSize;

	PeerpyCodec(Enum<?> packetType, JsonMapper mapper, int maxSendSize) {
		this.packetType = packetType;
		this.json = new PeerpyJsonPayload(mapper);
		this.maxSendSize = maxSendSize;
	}

	Enum<?> packetType() {
		return this.packetType;
	}

	/** The packet payload of a DATA. */
	byte[] fromData(PeerpyData data) throws PeerpyProtocolException {
		return (data.dataType() == PeerpyDataType.JSON) ? this.json.unwrapJson(data.payload()) : data.payload();
	}

	/** The DATA message (header and payload, for one write) of a packet payload. */
	byte[] toData(PeerpyDataType dataType, byte[] payload) {
		byte[] wire = (dataType == PeerpyDataType.JSON) ? this.json.wrapJson(payload) : payload;
		if (wire.length > this.maxSendSize) {
			throw new IllegalArgumentException("peerpy DATA of " + wire.length
					+ " bytes is over p2p.peerpy.max-send-size (" + this.maxSendSize
					+ " bytes): peerpy reads a payload with one recv and would lose step");
		}
		return new PeerpyData(dataType, wire).toBytes();
	}

}
