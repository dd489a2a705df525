package dev.p2p.reach;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameFormat;

import static dev.p2p.wire.Payloads.buffer;
import static dev.p2p.wire.Payloads.check;
import static dev.p2p.wire.Payloads.cut;
import static dev.p2p.wire.Payloads.wrap;

/**
 * Payloads of the relay frames (docs/PROTOCOL.md §13.2), little-endian like the frame header,
 * sent on an ordinary session between a node and a relay (a "hop"):
 * <pre>
 * RESERVE           u32 ttl s wanted (0: relay's default)
 * RESERVE_OK        u32 ttl s granted | u32 max circuit s | u64 max circuit bytes | address list
 * RELAY_REFUSED     u32 circuit id (0: the reservation) | u8 reason | UTF-8 text to the end
 * CIRCUIT_OPEN      u32 circuit id | u8 n | n bytes UTF-8 target node id
 * CIRCUIT_INCOMING  u32 circuit id | u8 n | n bytes UTF-8 source node id | u32 max s | u64 max bytes
 * CIRCUIT_ACCEPT    u32 circuit id | u32 max s | u64 max bytes
 * CIRCUIT_DATA      u32 circuit id | 1 to 65532 bytes of the end-to-end connection
 * CIRCUIT_CREDIT    u32 circuit id | u32 bytes (1 or more)
 * CIRCUIT_CLOSE     u32 circuit id | u8 reason | UTF-8 text to the end
 *
 * CIRCUIT_OPEN for circuit 7 to "node-b":   07 00 00 00 06 6e 6f 64 65 2d 62
 * </pre>
 * Texts are cut to {@value #MAX_TEXT_LENGTH} bytes, node ids are 1 to 255 UTF-8 bytes, address
 * lists are {@link AddressList}s. Readers check every length before they allocate and throw
 * {@link IllegalArgumentException} naming what is wrong.
 */
public final class RelayFrames {

	/** Longest refusal or close text, in UTF-8 bytes. */
	public static final int MAX_TEXT_LENGTH = 512;

	/** Bytes of a CIRCUIT_DATA payload before the data. */
	public static final int DATA_HEADER_SIZE = 4;

	/** Most bytes one CIRCUIT_DATA carries: control frames are at most 64 KiB. */
	public static final int MAX_DATA = FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE - DATA_HEADER_SIZE;

	private RelayFrames() {
	}

	/**
	 * What a RESERVE_OK grants.
	 * @param ttlSeconds how long the reservation holds unless renewed
	 * @param maxCircuitSeconds longest a circuit may last, 0 for no limit
	 * @param maxCircuitBytes most bytes a circuit may carry, 0 for no limit
	 * @param observedAddresses where the relay sees the reserving node: the source address and
	 * port of its hop connection, as OBSERVED (empty for a link-local IPv6 source, which the
	 * address list cannot carry)
	 */
	public record Reservation(int ttlSeconds, int maxCircuitSeconds, long maxCircuitBytes,
			List<ReachableAddress> observedAddresses) {
	}

	/**
	 * What a RELAY_REFUSED or CIRCUIT_CLOSE says.
	 * @param circuitId the circuit, 0 for a reservation
	 * @param reason why
	 * @param text why, in words
	 */
	public record Refusal(int circuitId, RelayReason reason, String text) {
	}

	/**
	 * What a CIRCUIT_OPEN or CIRCUIT_INCOMING says, and the limits of a CIRCUIT_INCOMING or
	 * CIRCUIT_ACCEPT.
	 * @param circuitId the circuit's id on this hop
	 * @param nodeId the target (OPEN) or the source (INCOMING); empty in an ACCEPT
	 * @param maxSeconds longest the circuit may last, 0 for no limit (0 in an OPEN)
	 * @param maxBytes most bytes it may carry, 0 for no limit (0 in an OPEN)
	 */
	public record Circuit(int circuitId, String nodeId, int maxSeconds, long maxBytes) {
	}

	/**
	 * A RESERVE frame.
	 * @param ttlSeconds lifetime wanted, 0 for the relay's default
	 * @return the frame
	 */
	public static Frame reserve(int ttlSeconds) {
		check(ttlSeconds >= 0, "a reservation's lifetime cannot be negative: " + ttlSeconds);
		return new Frame(ControlCode.RESERVE, buffer(4).putInt(ttlSeconds).array());
	}

	/**
	 * Read a RESERVE payload.
	 * @param payload the payload
	 * @return the lifetime wanted in seconds, 0 for the relay's default
	 */
	public static int readReserve(byte[] payload) {
		check(payload.length == 4, "RESERVE payload must be 4 bytes, got " + payload.length);
		int ttl = FrameFormat.readIntLE(payload, 0);
		check(ttl >= 0, "RESERVE lifetime " + Integer.toUnsignedString(ttl) + " s is above 2^31-1");
		return ttl;
	}

	/**
	 * A RESERVE_OK frame.
	 * @param reservation what is granted
	 * @return the frame
	 */
	public static Frame reserveOk(Reservation reservation) {
		check(reservation.ttlSeconds() > 0 && reservation.maxCircuitSeconds() >= 0
				&& reservation.maxCircuitBytes() >= 0, "a reservation's numbers must not be negative: " + reservation);
		ByteBuffer buffer = buffer(16 + AddressList.size(reservation.observedAddresses()))
			.putInt(reservation.ttlSeconds())
			.putInt(reservation.maxCircuitSeconds())
			.putLong(reservation.maxCircuitBytes());
		AddressList.write(buffer, reservation.observedAddresses());
		return new Frame(ControlCode.RESERVE_OK, buffer.array());
	}

	/**
	 * Read a RESERVE_OK payload.
	 * @param payload the payload
	 * @return what it grants
	 */
	public static Reservation readReserveOk(byte[] payload) {
		check(payload.length >= 17, "RESERVE_OK payload needs at least 17 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		int ttl = buffer.getInt();
		int seconds = buffer.getInt();
		long bytes = buffer.getLong();
		check(ttl > 0 && seconds >= 0 && bytes >= 0, "RESERVE_OK numbers must be positive: ttl "
				+ Integer.toUnsignedString(ttl) + " s, " + Integer.toUnsignedString(seconds) + " s, "
				+ Long.toUnsignedString(bytes) + " bytes");
		List<ReachableAddress> addresses = AddressList.read(buffer, "RESERVE_OK");
		end(buffer, "RESERVE_OK");
		return new Reservation(ttl, seconds, bytes, addresses);
	}

	/**
	 * A RELAY_REFUSED frame.
	 * @param refusal who is refused and why
	 * @return the frame
	 */
	public static Frame refused(Refusal refusal) {
		return new Frame(ControlCode.RELAY_REFUSED, refusalPayload(refusal));
	}

	/**
	 * A CIRCUIT_CLOSE frame.
	 * @param close which circuit ends and why
	 * @return the frame
	 */
	public static Frame close(Refusal close) {
		return new Frame(ControlCode.CIRCUIT_CLOSE, refusalPayload(close));
	}

	/**
	 * Read a RELAY_REFUSED or CIRCUIT_CLOSE payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Refusal readRefusal(byte[] payload) {
		check(payload.length >= 5, "RELAY_REFUSED/CIRCUIT_CLOSE payload needs at least 5 bytes, got "
				+ payload.length);
		int length = Math.min(payload.length - 5, MAX_TEXT_LENGTH);
		return new Refusal(FrameFormat.readIntLE(payload, 0), RelayReason.of(payload[4] & 0xFF),
				new String(payload, 5, length, StandardCharsets.UTF_8));
	}

	/**
	 * A CIRCUIT_OPEN frame.
	 * @param circuitId the opener's id for the circuit
	 * @param target node id of the node to reach
	 * @return the frame
	 */
	public static Frame open(int circuitId, String target) {
		byte[] id = nodeId(target);
		return new Frame(ControlCode.CIRCUIT_OPEN, buffer(5 + id.length).putInt(circuitId)
			.put((byte) id.length)
			.put(id)
			.array());
	}

	/**
	 * Read a CIRCUIT_OPEN payload.
	 * @param payload the payload
	 * @return the circuit id and target node id, limits 0
	 */
	public static Circuit readOpen(byte[] payload) {
		ByteBuffer buffer = wrap(payload);
		check(payload.length >= 6, "CIRCUIT_OPEN payload needs at least 6 bytes, got " + payload.length);
		int circuitId = buffer.getInt();
		String target = readNodeId(buffer, "CIRCUIT_OPEN");
		end(buffer, "CIRCUIT_OPEN");
		return new Circuit(circuitId, target, 0, 0);
	}

	/**
	 * A CIRCUIT_INCOMING frame.
	 * @param circuit the relay's circuit id on this hop, the source node id and the limits
	 * @return the frame
	 */
	public static Frame incoming(Circuit circuit) {
		byte[] id = nodeId(circuit.nodeId());
		return new Frame(ControlCode.CIRCUIT_INCOMING, buffer(17 + id.length).putInt(circuit.circuitId())
			.put((byte) id.length)
			.put(id)
			.putInt(circuit.maxSeconds())
			.putLong(circuit.maxBytes())
			.array());
	}

	/**
	 * Read a CIRCUIT_INCOMING payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Circuit readIncoming(byte[] payload) {
		check(payload.length >= 18, "CIRCUIT_INCOMING payload needs at least 18 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		int circuitId = buffer.getInt();
		String source = readNodeId(buffer, "CIRCUIT_INCOMING");
		check(buffer.remaining() == 12, "CIRCUIT_INCOMING needs 12 bytes of limits after the node id, got "
				+ buffer.remaining());
		return limits(circuitId, source, buffer, "CIRCUIT_INCOMING");
	}

	/**
	 * A CIRCUIT_ACCEPT frame.
	 * @param circuitId the circuit
	 * @param maxSeconds longest it may last, 0 for no limit
	 * @param maxBytes most bytes it may carry, 0 for no limit
	 * @return the frame
	 */
	public static Frame accept(int circuitId, int maxSeconds, long maxBytes) {
		return new Frame(ControlCode.CIRCUIT_ACCEPT, buffer(16).putInt(circuitId)
			.putInt(maxSeconds)
			.putLong(maxBytes)
			.array());
	}

	/**
	 * Read a CIRCUIT_ACCEPT payload.
	 * @param payload the payload
	 * @return the circuit id and limits, node id empty
	 */
	public static Circuit readAccept(byte[] payload) {
		check(payload.length == 16, "CIRCUIT_ACCEPT payload must be 16 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		return limits(buffer.getInt(), "", buffer, "CIRCUIT_ACCEPT");
	}

	/**
	 * A CIRCUIT_DATA frame carrying a copy of some bytes of the end-to-end connection.
	 * @param circuitId the circuit
	 * @param data the buffer
	 * @param offset where the bytes start
	 * @param length how many, 1 to {@value #MAX_DATA}
	 * @return the frame
	 */
	public static Frame data(int circuitId, byte[] data, int offset, int length) {
		check(length >= 1 && length <= MAX_DATA, "CIRCUIT_DATA carries 1 to " + MAX_DATA + " bytes, not " + length);
		return new Frame(ControlCode.CIRCUIT_DATA,
				buffer(DATA_HEADER_SIZE + length).putInt(circuitId).put(data, offset, length).array());
	}

	/**
	 * Number of connection bytes in a CIRCUIT_DATA payload, after its circuit id.
	 * @param payload the payload
	 * @return 1 or more
	 */
	public static int dataLength(byte[] payload) {
		check(payload.length > DATA_HEADER_SIZE, "CIRCUIT_DATA payload needs a circuit id and at least one byte, got "
				+ payload.length + " bytes");
		return payload.length - DATA_HEADER_SIZE;
	}

	/**
	 * A CIRCUIT_CREDIT frame.
	 * @param circuitId the circuit
	 * @param bytes further bytes the other end may send, 1 or more
	 * @return the frame
	 */
	public static Frame credit(int circuitId, int bytes) {
		check(bytes >= 1, "credit must be positive, not " + bytes);
		return new Frame(ControlCode.CIRCUIT_CREDIT, buffer(8).putInt(circuitId).putInt(bytes).array());
	}

	/**
	 * Credit granted by a CIRCUIT_CREDIT payload.
	 * @param payload the payload
	 * @return bytes, 1 or more
	 */
	public static int readCredit(byte[] payload) {
		check(payload.length == 8, "CIRCUIT_CREDIT payload must be 8 bytes, got " + payload.length);
		int bytes = FrameFormat.readIntLE(payload, 4);
		check(bytes >= 1, "CIRCUIT_CREDIT must grant 1 to 2^31-1 bytes, not " + Integer.toUnsignedString(bytes));
		return bytes;
	}

	/**
	 * The circuit id every circuit frame starts with.
	 * @param payload a circuit frame's payload
	 * @return the id
	 */
	public static int circuitOf(byte[] payload) {
		check(payload.length >= 4, "a circuit frame needs a 4-byte circuit id, got " + payload.length + " bytes");
		return FrameFormat.readIntLE(payload, 0);
	}

	private static byte[] refusalPayload(Refusal refusal) {
		byte[] text = cut(refusal.text(), MAX_TEXT_LENGTH);
		return buffer(5 + text.length).putInt(refusal.circuitId())
			.put((byte) refusal.reason().code())
			.put(text)
			.array();
	}

	static byte[] nodeId(String nodeId) {
		byte[] bytes = nodeId.getBytes(StandardCharsets.UTF_8);
		check(bytes.length >= 1 && bytes.length <= 255, "a node id has 1 to 255 UTF-8 bytes, not " + bytes.length);
		return bytes;
	}

	static String readNodeId(ByteBuffer buffer, String frame) {
		int length = Byte.toUnsignedInt(buffer.get());
		check(length >= 1 && buffer.remaining() >= length,
				frame + " node id of " + length + " bytes does not fit the " + buffer.remaining() + " bytes left");
		byte[] bytes = new byte[length];
		buffer.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static Circuit limits(int circuitId, String nodeId, ByteBuffer buffer, String frame) {
		int seconds = buffer.getInt();
		long bytes = buffer.getLong();
		check(seconds >= 0 && bytes >= 0, frame + " limits must not be negative: "
				+ Integer.toUnsignedString(seconds) + " s, " + Long.toUnsignedString(bytes) + " bytes");
		return new Circuit(circuitId, nodeId, seconds, bytes);
	}

	static void end(ByteBuffer buffer, String frame) {
		check(!buffer.hasRemaining(), frame + " has " + buffer.remaining() + " bytes after its end");
	}

}
