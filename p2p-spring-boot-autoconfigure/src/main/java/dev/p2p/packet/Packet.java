package dev.p2p.packet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A received application packet: its type constant, wire code and raw payload. Listener
 * methods can take it as a parameter to see the undecoded bytes.
 *
 * @param type the packet-type enum constant
 * @param code the wire code
 * @param payload the payload bytes (not copied; do not modify)
 */
public record Packet(Enum<?> type, int code, byte[] payload) {

	public Packet {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
	}

	/**
	 * The payload read as UTF-8 text.
	 * @return the text
	 */
	public String payloadAsString() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "Packet[" + this.type.name() + ", " + this.payload.length + " bytes]";
	}

}
