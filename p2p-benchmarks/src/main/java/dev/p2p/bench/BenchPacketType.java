package dev.p2p.bench;

import dev.p2p.packet.CodedPacketType;

/**
 * Packet types of the benchmark; DATA uses the same code as the reference variants' frames.
 */
public enum BenchPacketType implements CodedPacketType {

	DATA(13), PING(20), PONG(21);

	private final int code;

	BenchPacketType(int code) {
		this.code = code;
	}

	@Override
	public int code() {
		return this.code;
	}

}
