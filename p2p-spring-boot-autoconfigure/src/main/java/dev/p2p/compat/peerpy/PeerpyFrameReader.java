package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads peerpy messages from a blocking {@link InputStream}: exactly 128 header bytes, then, for
 * a DATA, exactly {@code data_size} payload bytes.
 *
 * <pre>
 * DATA|data_size=28&amp;data_type=json|||...|  {"data": {"hello": "world"}}
 * &lt;---------- readNBytes(128) ----------&gt;  &lt;------ readNBytes(28) -----&gt;
 * </pre>
 *
 * <p>peerpy writes header and payload with two {@code sendall} calls (Nagle then delays the
 * payload by ~40 ms), so both reads wait for all their bytes however they are split. A DATA is
 * checked before its payload is touched: a {@code raw} type (pickle), a type other than the
 * agreed one, or a {@code data_size} above the limit fails with a
 * {@link PeerpyProtocolException} and the payload is never read, as the connection must then be
 * closed. The reader holds no state, so one instance serves every connection.
 */
public final class PeerpyFrameReader {

	private final int maxPayloadSize;

	/**
	 * Create a reader.
	 * @param maxPayloadSize largest {@code data_size} accepted, in bytes (1 or more)
	 */
	public PeerpyFrameReader(int maxPayloadSize) {
		if (maxPayloadSize < 1) {
			throw new IllegalArgumentException("maxPayloadSize must be at least 1 byte, was " + maxPayloadSize);
		}
		this.maxPayloadSize = maxPayloadSize;
	}

	/**
	 * Largest payload accepted.
	 * @return the limit in bytes
	 */
	public int getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	/**
	 * Read one header, blocking until its 128 bytes are in.
	 * @param in the stream
	 * @return the header, or {@code null} if the stream ended cleanly before its first byte
	 * @throws PeerpyProtocolException if the stream ends inside the header or it does not parse
	 * @throws IOException if reading fails
	 */
	public PeerpyHeader readHeader(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes(PeerpyHeader.SIZE);
		if (bytes.length == 0) {
			return null;
		}
		if (bytes.length < PeerpyHeader.SIZE) {
			throw new PeerpyProtocolException(PeerpyViolation.TRUNCATED,
					"peerpy stream ended after " + bytes.length + " of the " + PeerpyHeader.SIZE + " header bytes");
		}
		return PeerpyHeader.parse(bytes);
	}

	/**
	 * Read the HELLO a dialer sends first.
	 * @param in the stream
	 * @return the HELLO (check its {@link PeerpyHello#refusal()}), or {@code null} on a clean end
	 * @throws PeerpyProtocolException if the first header is not a complete HELLO
	 * @throws IOException if reading fails
	 */
	public PeerpyHello readHello(InputStream in) throws IOException {
		PeerpyHeader header = readHeader(in);
		return (header != null) ? PeerpyHello.fromHeader(header) : null;
	}

	/**
	 * Read a listener's answer to a HELLO as peerpy's dialer does: accepted only if the 128
	 * bytes start with {@code ACCEPT}; a DENY, an early end or anything else is a refusal.
	 * @param in the stream
	 * @return whether the offer was accepted
	 * @throws IOException if reading fails
	 */
	public boolean readAnswer(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes(PeerpyHeader.SIZE);
		if (bytes.length < PeerpyHeader.SIZE) {
			return false;
		}
		String accept = PeerpyControl.ACCEPT.name();
		for (int i = 0; i < accept.length(); i++) {
			if (bytes[i] != accept.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Read the next message of an accepted connection: a {@link PeerpyData} of the agreed type
	 * or a {@link PeerpyControl} (peerpy's keepalive PING, or a stray ACCEPT/DENY, which the
	 * caller ignores as peerpy does).
	 * @param in the stream
	 * @param agreed the data type of the connection's HELLO
	 * @return the message, or {@code null} if the stream ended cleanly between messages
	 * @throws PeerpyProtocolException on a malformed header, a DATA that must not be read (raw,
	 * another type, over the limit) or a stream that ends inside a message
	 * @throws IOException if reading fails
	 */
	public PeerpyMessage read(InputStream in, PeerpyDataType agreed) throws IOException {
		PeerpyHeader header = readHeader(in);
		if (header == null) {
			return null;
		}
		if (PeerpyData.TYPE.equals(header.type())) {
			return readData(in, header, agreed);
		}
		for (PeerpyControl control : PeerpyControl.values()) {
			if (control.name().equals(header.type())) {
				return control;
			}
		}
		throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER, "peerpy header of unknown type '"
				+ PeerpyHeader.printable(header.type()) + "' (expected DATA or PING)");
	}

	private PeerpyData readData(InputStream in, PeerpyHeader header, PeerpyDataType agreed) throws IOException {
		long size = header.requireInt("data_size");
		PeerpyDataType type = PeerpyDataType.fromWire(header.require("data_type"));
		if (type == PeerpyDataType.RAW) {
			throw new PeerpyProtocolException(PeerpyViolation.RAW_DATA_TYPE,
					"peerpy DATA of type raw (pickle, " + size + " bytes) is never read");
		}
		if (type != agreed) {
			throw new PeerpyProtocolException(PeerpyViolation.UNEXPECTED_DATA_TYPE, "peerpy DATA of type "
					+ type.wireName() + " on a connection agreed as " + agreed.wireName());
		}
		if (size > this.maxPayloadSize) {
			throw new PeerpyProtocolException(PeerpyViolation.PAYLOAD_TOO_LARGE, "peerpy DATA announces data_size="
					+ size + " bytes, more than the limit of " + this.maxPayloadSize + " bytes");
		}
		byte[] payload = in.readNBytes((int) size);
		if (payload.length < size) {
			throw new PeerpyProtocolException(PeerpyViolation.TRUNCATED, "peerpy stream ended after "
					+ payload.length + " of the " + size + " payload bytes");
		}
		return new PeerpyData(type, payload);
	}

}
