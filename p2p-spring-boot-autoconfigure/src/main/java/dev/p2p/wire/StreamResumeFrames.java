package dev.p2p.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static dev.p2p.wire.Payloads.buffer;
import static dev.p2p.wire.Payloads.check;
import static dev.p2p.wire.Payloads.wrap;

/**
 * The payload of STREAM_RESUME (docs/PROTOCOL.md §12 and §16.6), little-endian like the frame
 * header: what one side holds of the streams of a session that resumed, so the other side can
 * send again what was lost with the connection.
 *
 * <pre>
 * u32 lastAccepted   highest id of the peer's streams this side saw a STREAM_OPEN of (0: none)
 * u16 n              entries of streams this side receives (open, or ended recently), each 22 bytes:
 *     u32 id, u8 state (0 open, 1 done, 2 ended otherwise), u8 flags (bit 0: STREAM_END arrived),
 *     u64 received (data bytes that arrived), u64 granted (credit granted in total, window included)
 * u16 m              ids of the streams this side sends and still holds open, each u32
 * </pre>
 *
 * Readers throw {@link IllegalArgumentException} naming what is wrong with a payload.
 */
public final class StreamResumeFrames {

	/** State of a held stream: open, data may still come. */
	public static final int OPEN = 0;

	/** State of a held stream: read to its end and verified (STREAM_DONE was sent). */
	public static final int DONE = 1;

	/** State of a held stream: ended without success (STREAM_CANCEL was sent or it failed). */
	public static final int ENDED = 2;

	/** Bytes of one entry of a stream this side receives. */
	public static final int HELD_SIZE = 22;

	/** Most entries in either list: the frame stays a control frame (at most 64 KiB). */
	public static final int MAX_ENTRIES = 2048;

	private StreamResumeFrames() {
	}

	/**
	 * A stream this side receives, as STREAM_RESUME reports it.
	 * @param id the stream's id
	 * @param state {@link #OPEN}, {@link #DONE} or {@link #ENDED}
	 * @param endArrived whether its STREAM_END arrived
	 * @param received data bytes that arrived
	 * @param granted credit granted in total, the initial window included
	 */
	public record Held(int id, int state, boolean endArrived, long received, long granted) {
	}

	/**
	 * What a STREAM_RESUME says.
	 * @param lastAccepted highest id of the receiver's-peer streams seen opened, unsigned
	 * @param receiving the streams the sender of the frame receives
	 * @param sending ids of the streams the sender of the frame sends and holds open
	 */
	public record Resume(long lastAccepted, List<Held> receiving, List<Integer> sending) {
	}

	/**
	 * A STREAM_RESUME frame.
	 * @param resume what it says (at most {@value #MAX_ENTRIES} entries per list)
	 * @return the frame
	 */
	public static Frame resume(Resume resume) {
		check(resume.receiving().size() <= MAX_ENTRIES && resume.sending().size() <= MAX_ENTRIES,
				"STREAM_RESUME holds at most " + MAX_ENTRIES + " entries per list");
		ByteBuffer buffer = buffer(8 + HELD_SIZE * resume.receiving().size() + 4 * resume.sending().size());
		buffer.putInt((int) resume.lastAccepted()).putShort((short) resume.receiving().size());
		for (Held held : resume.receiving()) {
			buffer.putInt(held.id()).put((byte) held.state()).put((byte) (held.endArrived() ? 1 : 0));
			buffer.putLong(held.received()).putLong(held.granted());
		}
		buffer.putShort((short) resume.sending().size());
		for (int id : resume.sending()) {
			buffer.putInt(id);
		}
		return new Frame(ControlCode.STREAM_RESUME, buffer.array());
	}

	/**
	 * Read a STREAM_RESUME payload.
	 * @param payload the payload
	 * @return what it says
	 */
	public static Resume readResume(byte[] payload) {
		check(payload.length >= 8, "STREAM_RESUME payload needs at least 8 bytes, got " + payload.length);
		ByteBuffer buffer = wrap(payload);
		long lastAccepted = Integer.toUnsignedLong(buffer.getInt());
		int n = Short.toUnsignedInt(buffer.getShort());
		check(payload.length >= 8 + HELD_SIZE * n, "STREAM_RESUME of " + payload.length + " bytes is too short for "
				+ n + " streams received");
		List<Held> receiving = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			int id = buffer.getInt();
			int state = buffer.get();
			int flags = buffer.get();
			long received = buffer.getLong();
			long granted = buffer.getLong();
			check(state >= OPEN && state <= ENDED, "STREAM_RESUME state of stream " + Integer.toUnsignedString(id)
					+ " must be 0 to 2, got " + state);
			check(received >= 0 && granted >= received, "STREAM_RESUME stream " + Integer.toUnsignedString(id)
					+ ": received " + Long.toUnsignedString(received) + " must be 0 to granted "
					+ Long.toUnsignedString(granted) + ", below 2^63");
			receiving.add(new Held(id, state, (flags & 1) != 0, received, granted));
		}
		int m = Short.toUnsignedInt(buffer.getShort());
		check(buffer.remaining() == 4 * m, "STREAM_RESUME of " + payload.length + " bytes does not match " + n
				+ " streams received and " + m + " sent");
		List<Integer> sending = new ArrayList<>(m);
		for (int i = 0; i < m; i++) {
			sending.add(buffer.getInt());
		}
		return new Resume(lastAccepted, receiving, sending);
	}

}
