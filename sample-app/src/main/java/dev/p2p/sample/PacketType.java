package dev.p2p.sample;

import dev.p2p.packet.CodedPacketType;

/**
 * The sample's packet types; the first three mirror the dpea-p2p example's enum.
 */
public enum PacketType implements CodedPacketType {

	/** Unused, as in dpea-p2p. */
	NULL(0),

	/** A greeting (UTF-8 bytes); answered with COMMAND2. */
	COMMAND1(1),

	/** The answer to COMMAND1 (UTF-8 bytes). */
	COMMAND2(2),

	/** A chat line between sample peers (JSON). */
	CHAT(10),

	/** A peer's periodic status, broadcast to every connected peer (JSON). */
	TELEMETRY(11),

	/** A file, streamed with PacketOperations.stream and saved in the receiver's inbox. */
	FILE(12);

	private final int code;

	PacketType(int code) {
		this.code = code;
	}

	@Override
	public int code() {
		return this.code;
	}

}
