package dev.p2p.wire;

/**
 * Type codes reserved for the protocol's own frames, at the top of the unsigned 32-bit range
 * ({@code 0xFFFFFF00}–{@code 0xFFFFFFFF}). User packet types may not use this range.
 */
public final class ControlCode {

	/** Lowest reserved code, {@code 0xFFFFFF00}. */
	public static final int RESERVED_MIN = 0xFFFFFF00;

	/** Dialer's greeting: protocol version, node id, network id, listen address, codec. */
	public static final int HELLO = 0xFFFFFF01;

	/** Listener's acceptance of a HELLO, carrying its own identity. */
	public static final int ACCEPT = 0xFFFFFF02;

	/** Listener's refusal of a HELLO, carrying the reason. */
	public static final int DENY = 0xFFFFFF03;

	/** Orderly goodbye before a close, carrying the reason. */
	public static final int BYE = 0xFFFFFF04;

	/**
	 * Trace context of the application frame that follows it (sent only by nodes with
	 * {@code p2p.observation.enabled=true}).
	 */
	public static final int TRACE = 0xFFFFFF05;

	/** Marks the application frame that follows it as a request, with the request's id. */
	public static final int REQUEST = 0xFFFFFF06;

	/** Answers a request: its id, and whether the reply's application frame follows. */
	public static final int REPLY = 0xFFFFFF07;

	/** Answers a request with a failure: its id and the remote exception's type and message. */
	public static final int ERROR = 0xFFFFFF08;

	/**
	 * Listener's answer to a HELLO when a network key is set: its node id, a fresh nonce and its
	 * proof of the key over both nonces (see docs/PROTOCOL.md §5.8).
	 */
	public static final int CHALLENGE = 0xFFFFFF18;

	/** Dialer's proof of the network key, answering a CHALLENGE. */
	public static final int PROOF = 0xFFFFFF19;

	/** Opens a stream: its id, packet type, declared size and name (docs/PROTOCOL.md §12). */
	public static final int STREAM_OPEN = 0xFFFFFF10;

	/** A piece of a stream's data, within the credit the receiver granted. */
	public static final int STREAM_CHUNK = 0xFFFFFF11;

	/** More credit (bytes the sender may send) for a stream, from its receiver. */
	public static final int STREAM_CREDIT = 0xFFFFFF12;

	/** A stream's last frame: total length and SHA-256 of the data. */
	public static final int STREAM_END = 0xFFFFFF13;

	/** The receiver read the stream to its end and the length and SHA-256 matched. */
	public static final int STREAM_DONE = 0xFFFFFF14;

	/** Either side gives up on a stream, with the reason. */
	public static final int STREAM_CANCEL = 0xFFFFFF15;

	/**
	 * Heartbeat probe, carrying 8 opaque bytes the peer echoes in its PONG (docs/PROTOCOL.md
	 * §11). Never sent in handshake mode {@code none}.
	 */
	public static final int PING = 0xFFFFFF09;

	/** Answer to a PING, echoing its 8 bytes. */
	public static final int PONG = 0xFFFFFF0A;

	/** Built-in command (after a REQUEST): which packet types have listeners here. */
	public static final int GET_FUNCS = 0xFFFFFF0B;

	/** Reply to {@link #GET_FUNCS} (after a REPLY): the listener types' names and codes. */
	public static final int FUNCS = 0xFFFFFF0C;

	/** Built-in command (after a REQUEST): which peers this node is connected to. */
	public static final int GET_PEERS = 0xFFFFFF0D;

	/** Reply to {@link #GET_PEERS} (after a REPLY): node ids and listen addresses. */
	public static final int PEERS = 0xFFFFFF0E;

	/** Highest code of the membership range ({@code 0xFFFFFF09}–{@code 0xFFFFFF0F}). */
	public static final int MEMBERSHIP_MAX = 0xFFFFFF0F;

	private ControlCode() {
	}

	/**
	 * Whether a code lies in the reserved control range.
	 * @param code a type code as the raw 32 bits
	 * @return {@code true} for {@code 0xFFFFFF00} and above (unsigned)
	 */
	public static boolean isReserved(int code) {
		return Integer.compareUnsigned(code, RESERVED_MIN) >= 0;
	}

	/**
	 * Whether a code is a control frame that travels with the application frame after it
	 * (TRACE, REQUEST, or a REPLY announcing its frame) rather than on its own.
	 * @param code a type code
	 * @return {@code true} for TRACE, REQUEST and REPLY
	 */
	public static boolean isEnvelope(int code) {
		return code == TRACE || code == REQUEST || code == REPLY;
	}

	/**
	 * Whether a code is one of the stream frames (STREAM_OPEN to STREAM_CANCEL).
	 * @param code a type code
	 * @return {@code true} for the stream frames
	 */
	public static boolean isStream(int code) {
		return code >= STREAM_OPEN && code <= STREAM_CANCEL;
	}

	/**
	 * Whether a code is one of the membership frames this node understands: PING, PONG and the
	 * built-in commands and their replies.
	 * @param code a type code
	 * @return {@code true} for {@code 0xFFFFFF09}–{@code 0xFFFFFF0E}
	 */
	public static boolean isMembership(int code) {
		return code >= PING && code <= PEERS;
	}

	/**
	 * Whether a code is a built-in command that follows a REQUEST ({@link #GET_FUNCS},
	 * {@link #GET_PEERS}).
	 * @param code a type code
	 * @return {@code true} for a built-in command
	 */
	public static boolean isBuiltInCommand(int code) {
		return code == GET_FUNCS || code == GET_PEERS;
	}

	/**
	 * Whether a code is the reply frame of a built-in command, which follows a REPLY
	 * ({@link #FUNCS}, {@link #PEERS}).
	 * @param code a type code
	 * @return {@code true} for a built-in reply
	 */
	public static boolean isBuiltInReply(int code) {
		return code == FUNCS || code == PEERS;
	}

	/**
	 * Human-readable name of a code, for logs and errors.
	 * @param code a type code
	 * @return the control frame's name, or the unsigned decimal code
	 */
	public static String describe(int code) {
		return switch (code) {
			case HELLO -> "HELLO";
			case ACCEPT -> "ACCEPT";
			case DENY -> "DENY";
			case BYE -> "BYE";
			case TRACE -> "TRACE";
			case REQUEST -> "REQUEST";
			case REPLY -> "REPLY";
			case ERROR -> "ERROR";
			case CHALLENGE -> "CHALLENGE";
			case PROOF -> "PROOF";
			case STREAM_OPEN -> "STREAM_OPEN";
			case STREAM_CHUNK -> "STREAM_CHUNK";
			case STREAM_CREDIT -> "STREAM_CREDIT";
			case STREAM_END -> "STREAM_END";
			case STREAM_DONE -> "STREAM_DONE";
			case STREAM_CANCEL -> "STREAM_CANCEL";
			case PING -> "PING";
			case PONG -> "PONG";
			case GET_FUNCS -> "GET_FUNCS";
			case FUNCS -> "FUNCS";
			case GET_PEERS -> "GET_PEERS";
			case PEERS -> "PEERS";
			default -> isReserved(code) ? "CONTROL(0x" + Integer.toHexString(code) + ")" : Integer.toUnsignedString(code);
		};
	}

}
