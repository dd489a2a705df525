package dev.p2p.it;

import dev.p2p.packet.CodedPacketType;

/**
 * Packet types of the integration tests; the first three are dpea-p2p's example enum.
 */
public enum TestPacketType implements CodedPacketType {

	NULL(0), COMMAND1(1), COMMAND2(2), MOVE(10), ACK(11), TEXT(12), SEQ(13), BOOM(14), UNHANDLED(15), PING(16), DELAY(17),
	BLOB(18), SLOW(19), HALF(20), SINK(21), INFO(22), BLOCK(23), ECHO(24);

	private final int code;

	TestPacketType(int code) {
		this.code = code;
	}

	@Override
	public int code() {
		return this.code;
	}

}
