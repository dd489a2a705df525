package dev.p2p.event;

/**
 * A packet a peer never acknowledged, with what the application needs to store or resend it.
 *
 * @param type the packet type
 * @param position its position in the session's direction (docs/PROTOCOL.md §16)
 * @param payload the payload as sent (encoded by the type's codec)
 */
public record UndeliveredPacket(Enum<?> type, long position, byte[] payload) {

	@Override
	public String toString() {
		return this.type.name() + "#" + this.position + " (" + this.payload.length + " bytes)";
	}

}
