package dev.p2p.reach;

import java.nio.ByteBuffer;
import java.util.List;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static dev.p2p.wire.Payloads.buffer;
import static dev.p2p.wire.Payloads.check;
import static dev.p2p.wire.Payloads.wrap;

/**
 * Payloads of the reachability frames (docs/PROTOCOL.md §13.3), little-endian. PUNCH_CONNECT,
 * PUNCH_SYNC, PATH_SWITCH, DIAL_BACK and DIAL_BACK_RESULT travel inside an authenticated
 * session (for hole punching: the relayed one, end to end); PUNCH_JOIN is the first frame of a
 * punched direct connection and DIAL_BACK_PROBE the only frame of a dial-back connection.
 * <pre>
 * PUNCH_CONNECT     u8 attempt (1-3) | 16 bytes token half | address list
 * PUNCH_SYNC        u8 attempt
 * PUNCH_JOIN        u8 n | n bytes UTF-8 node id | 32 bytes token (initiator's half, responder's half)
 * PATH_SWITCH       u64 frames sent on the relayed path
 * DIAL_BACK         u64 nonce | address list (candidates to dial)
 * DIAL_BACK_RESULT  u64 nonce | u8 status | address list (the one reached, or empty)
 * DIAL_BACK_PROBE   u64 nonce
 *
 * PUNCH_SYNC of attempt 2:   02
 * </pre>
 * Readers check every length before they allocate and throw {@link IllegalArgumentException}
 * naming what is wrong.
 */
public final class HolePunchFrames {

	/** Most punch attempts per relayed session and round. */
	public static final int MAX_ATTEMPTS = 3;

	/** Bytes of each end's half of the join token. */
	public static final int TOKEN_HALF_LENGTH = 16;

	/** DIAL_BACK_RESULT: the node was reached at the address given. */
	public static final int REACHED = 0;

	/** DIAL_BACK_RESULT: none of the addresses answered. */
	public static final int UNREACHABLE = 1;

	/** DIAL_BACK_RESULT: the peer does not dial back (off, or an address not the requester's). */
	public static final int REFUSED = 2;

	/** DIAL_BACK_RESULT: the peer dials back for too many nodes at once; ask later. */
	public static final int BUSY = 3;

	private HolePunchFrames() {
	}

	/**
	 * What a PUNCH_CONNECT says.
	 * @param attempt the attempt, 1 to {@value #MAX_ATTEMPTS}
	 * @param tokenHalf the sender's {@value #TOKEN_HALF_LENGTH} random bytes of the join token
	 * @param addresses where the sender may be dialled
	 */
	public record Connect(int attempt, byte[] tokenHalf, List<ReachableAddress> addresses) {
	}

	/**
	 * What a PUNCH_JOIN says.
	 * @param nodeId the joining node
	 * @param token both token halves, initiator's first
	 */
	public record Join(String nodeId, byte[] token) {
	}

	/**
	 * What a DIAL_BACK or DIAL_BACK_RESULT says.
	 * @param nonce the request's nonce, echoed by the result and the probe
	 * @param status {@link #REACHED}, {@link #UNREACHABLE}, {@link #REFUSED}, {@link #BUSY}
	 * (always {@link #REACHED} in a DIAL_BACK)
	 * @param addresses the candidates (request), or the one reached (result)
	 */
	public record DialBack(long nonce, int status, List<ReachableAddress> addresses) {
	}

	/**
	 * A PUNCH_CONNECT frame.
	 * @param connect what to say
	 * @return the frame
	 */
	public static Frame connect(Connect connect) {
		checkAttempt(connect.attempt(), "PUNCH_CONNECT");
		check(connect.tokenHalf().length == TOKEN_HALF_LENGTH,
				"a token half has " + TOKEN_HALF_LENGTH + " bytes, not " + connect.tokenHalf().length);
		ByteBuffer buffer = buffer(1 + TOKEN_HALF_LENGTH + AddressList.size(connect.addresses()))
			.put((byte) connect.attempt())
			.put(connect.tokenHalf());
		AddressList.write(buffer, connect.addresses());
		return new Frame(ControlCode.PUNCH_CONNECT, buffer.array());
	}

	/**
	 * Read a PUNCH_CONNECT payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Connect readConnect(byte[] payload) {
		check(payload.length >= 2 + TOKEN_HALF_LENGTH,
				"PUNCH_CONNECT payload needs at least " + (2 + TOKEN_HALF_LENGTH) + " bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		int attempt = Byte.toUnsignedInt(buffer.get());
		checkAttempt(attempt, "PUNCH_CONNECT");
		byte[] half = new byte[TOKEN_HALF_LENGTH];
		buffer.get(half);
		List<ReachableAddress> addresses = AddressList.read(buffer, "PUNCH_CONNECT");
		RelayFrames.end(buffer, "PUNCH_CONNECT");
		return new Connect(attempt, half, addresses);
	}

	/**
	 * A PUNCH_SYNC frame.
	 * @param attempt the attempt it times
	 * @return the frame
	 */
	public static Frame sync(int attempt) {
		checkAttempt(attempt, "PUNCH_SYNC");
		return new Frame(ControlCode.PUNCH_SYNC, new byte[] { (byte) attempt });
	}

	/**
	 * Read a PUNCH_SYNC payload.
	 * @param payload the payload
	 * @return the attempt
	 */
	public static int readSync(byte[] payload) {
		check(payload.length == 1, "PUNCH_SYNC payload must be 1 byte, got " + payload.length);
		int attempt = Byte.toUnsignedInt(payload[0]);
		checkAttempt(attempt, "PUNCH_SYNC");
		return attempt;
	}

	/**
	 * A PUNCH_JOIN frame.
	 * @param join who joins, with which token
	 * @return the frame
	 */
	public static Frame join(Join join) {
		byte[] id = RelayFrames.nodeId(join.nodeId());
		check(join.token().length == 2 * TOKEN_HALF_LENGTH,
				"a join token has " + 2 * TOKEN_HALF_LENGTH + " bytes, not " + join.token().length);
		return new Frame(ControlCode.PUNCH_JOIN,
				buffer(1 + id.length + join.token().length).put((byte) id.length).put(id).put(join.token()).array());
	}

	/**
	 * Read a PUNCH_JOIN payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Join readJoin(byte[] payload) {
		check(payload.length >= 2 + 2 * TOKEN_HALF_LENGTH, "PUNCH_JOIN payload needs at least "
				+ (2 + 2 * TOKEN_HALF_LENGTH) + " bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		String nodeId = RelayFrames.readNodeId(buffer, "PUNCH_JOIN");
		check(buffer.remaining() == 2 * TOKEN_HALF_LENGTH, "PUNCH_JOIN needs a " + 2 * TOKEN_HALF_LENGTH
				+ "-byte token after the node id, got " + buffer.remaining() + " bytes");
		byte[] token = new byte[2 * TOKEN_HALF_LENGTH];
		buffer.get(token);
		return new Join(nodeId, token);
	}

	/**
	 * A PATH_SWITCH frame.
	 * @param frames frames the sender sent on the relayed path before this one
	 * @return the frame
	 */
	public static Frame pathSwitch(long frames) {
		check(frames >= 0, "a frame count cannot be negative: " + frames);
		return new Frame(ControlCode.PATH_SWITCH, buffer(8).putLong(frames).array());
	}

	/**
	 * Read a PATH_SWITCH payload.
	 * @param payload the payload
	 * @return frames the sender sent on the relayed path before it
	 */
	public static long readPathSwitch(byte[] payload) {
		long frames = readNonce(payload, "PATH_SWITCH");
		check(frames >= 0, "PATH_SWITCH count " + Long.toUnsignedString(frames) + " is above 2^63-1");
		return frames;
	}

	/**
	 * A DIAL_BACK frame.
	 * @param nonce a fresh random nonce
	 * @param candidates the addresses to dial, at least one
	 * @return the frame
	 */
	public static Frame dialBack(long nonce, List<ReachableAddress> candidates) {
		check(!candidates.isEmpty(), "a DIAL_BACK needs at least one address");
		return new Frame(ControlCode.DIAL_BACK, dialBackPayload(new DialBack(nonce, REACHED, candidates), false));
	}

	/**
	 * Read a DIAL_BACK payload.
	 * @param payload the payload
	 * @return the nonce and candidates
	 */
	public static DialBack readDialBack(byte[] payload) {
		check(payload.length >= 9, "DIAL_BACK payload needs at least 9 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		long nonce = buffer.getLong();
		List<ReachableAddress> candidates = AddressList.read(buffer, "DIAL_BACK");
		RelayFrames.end(buffer, "DIAL_BACK");
		check(!candidates.isEmpty(), "DIAL_BACK has no address to dial");
		return new DialBack(nonce, REACHED, candidates);
	}

	/**
	 * A DIAL_BACK_RESULT frame.
	 * @param result the nonce, status and the address reached (if any)
	 * @return the frame
	 */
	public static Frame dialBackResult(DialBack result) {
		check(result.status() >= REACHED && result.status() <= BUSY, "unknown dial-back status " + result.status());
		return new Frame(ControlCode.DIAL_BACK_RESULT, dialBackPayload(result, true));
	}

	/**
	 * Read a DIAL_BACK_RESULT payload.
	 * @param payload the payload
	 * @return what it says; an unknown status reads as {@link #UNREACHABLE}
	 */
	public static DialBack readDialBackResult(byte[] payload) {
		check(payload.length >= 10, "DIAL_BACK_RESULT payload needs at least 10 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		long nonce = buffer.getLong();
		int status = Byte.toUnsignedInt(buffer.get());
		List<ReachableAddress> reached = AddressList.read(buffer, "DIAL_BACK_RESULT");
		RelayFrames.end(buffer, "DIAL_BACK_RESULT");
		if (status > BUSY) {
			status = UNREACHABLE;
		}
		check(status != REACHED || reached.size() == 1, "DIAL_BACK_RESULT 'reached' must name one address, not "
				+ reached.size());
		return new DialBack(nonce, status, reached);
	}

	/**
	 * A DIAL_BACK_PROBE frame.
	 * @param nonce the nonce of the DIAL_BACK it answers
	 * @return the frame
	 */
	public static Frame probe(long nonce) {
		return new Frame(ControlCode.DIAL_BACK_PROBE, buffer(8).putLong(nonce).array());
	}

	/**
	 * Read a DIAL_BACK_PROBE payload.
	 * @param payload the payload
	 * @return the nonce
	 */
	public static long readProbe(byte[] payload) {
		return readNonce(payload, "DIAL_BACK_PROBE");
	}

	private static byte[] dialBackPayload(DialBack dialBack, boolean withStatus) {
		ByteBuffer buffer = buffer(8 + (withStatus ? 1 : 0) + AddressList.size(dialBack.addresses()))
			.putLong(dialBack.nonce());
		if (withStatus) {
			buffer.put((byte) dialBack.status());
		}
		AddressList.write(buffer, dialBack.addresses());
		return buffer.array();
	}

	private static long readNonce(byte[] payload, String frame) {
		check(payload.length == 8, frame + " payload must be 8 bytes, got " + payload.length);
		return wrap(payload).getLong();
	}

	private static void checkAttempt(int attempt, String frame) {
		check(attempt >= 1 && attempt <= MAX_ATTEMPTS,
				frame + " attempt must be 1 to " + MAX_ATTEMPTS + ", not " + attempt);
	}

}
