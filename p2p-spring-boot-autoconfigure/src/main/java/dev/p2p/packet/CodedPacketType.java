package dev.p2p.packet;

/**
 * Implemented by a packet-type enum whose wire codes are not its ordinals.
 *
 * <pre class="code">
 * enum PacketType implements CodedPacketType {
 *     NULL(0), COMMAND1(1), COMMAND2(2), TELEMETRY(100);
 *     private final int code;
 *     PacketType(int code) { this.code = code; }
 *     public int code() { return this.code; }
 * }
 * </pre>
 */
public interface CodedPacketType {

	/**
	 * Code sent as the frame's type field; unique within the enum and outside the reserved
	 * control range {@code 0xFFFFFF00}–{@code 0xFFFFFFFF}.
	 * @return the code, read as unsigned 32 bits
	 */
	int code();

}
