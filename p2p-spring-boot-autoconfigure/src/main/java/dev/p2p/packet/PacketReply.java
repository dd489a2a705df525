package dev.p2p.packet;

import java.util.Objects;

/**
 * Returned from a listener method to send a reply of a chosen type back to the sender.
 *
 * @param type the reply's packet type
 * @param payload the reply's payload, encoded with the type's codec
 */
public record PacketReply(Enum<?> type, Object payload) {

	public PacketReply {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
	}

	/**
	 * Reply of the given type.
	 * @param type the reply type
	 * @param payload the payload
	 * @return the reply
	 */
	public static PacketReply of(Enum<?> type, Object payload) {
		return new PacketReply(type, payload);
	}

}
