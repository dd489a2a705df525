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

	/**
	 * Cumulative acknowledgement of acknowledged delivery: the last position the sender's
	 * listeners handled (docs/PROTOCOL.md §16).
	 */
	public static final int ACK = 0xFFFFFF1A;

	/**
	 * First frame of a session that agreed on acknowledged delivery: the session to resume and
	 * the last position received (docs/PROTOCOL.md §16).
	 */
	public static final int RESUME = 0xFFFFFF1B;

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
	 * What one side holds of a session's streams after the session resumed (acknowledged
	 * delivery, docs/PROTOCOL.md §16.6), so lost stream frames are sent again.
	 */
	public static final int STREAM_RESUME = 0xFFFFFF16;

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

	/** Asks a relay for a reservation, so others can reach this node through it (§13.2). */
	public static final int RESERVE = 0xFFFFFF20;

	/** A relay grants a reservation: its lifetime, the circuit limits, the relay's addresses. */
	public static final int RESERVE_OK = 0xFFFFFF21;

	/** A relay, or the node a circuit was meant for, refuses a reservation or circuit, with why. */
	public static final int RELAY_REFUSED = 0xFFFFFF22;

	/** Asks a relay for a circuit to a node that holds a reservation there, by node id. */
	public static final int CIRCUIT_OPEN = 0xFFFFFF23;

	/** A relay tells a reserved node that someone asks for a circuit to it. */
	public static final int CIRCUIT_INCOMING = 0xFFFFFF24;

	/** The reserved node takes the circuit; the relay passes it on to the one who asked. */
	public static final int CIRCUIT_ACCEPT = 0xFFFFFF25;

	/** Bytes of the end-to-end connection carried in a circuit. */
	public static final int CIRCUIT_DATA = 0xFFFFFF26;

	/** More bytes the other end of a circuit may send, end to end. */
	public static final int CIRCUIT_CREDIT = 0xFFFFFF27;

	/** Either end, or the relay, ends a circuit, with why. */
	public static final int CIRCUIT_CLOSE = 0xFFFFFF28;

	/** Highest code of the relay range ({@code 0xFFFFFF20}–{@code 0xFFFFFF2F}). */
	public static final int RELAY_MAX = 0xFFFFFF2F;

	/**
	 * Hole punching, inside a relayed session: this end's addresses and its half of the join
	 * token (§13.3).
	 */
	public static final int PUNCH_CONNECT = 0xFFFFFF30;

	/** Hole punching: the initiator dials after half a round trip, the responder at once. */
	public static final int PUNCH_SYNC = 0xFFFFFF31;

	/** First frame on a punched direct connection: which relayed session it joins. */
	public static final int PUNCH_JOIN = 0xFFFFFF32;

	/** Last frame a node sends on the relayed path once the direct one carries the session. */
	public static final int PATH_SWITCH = 0xFFFFFF33;

	/** Asks a peer to dial candidate addresses of this node back (AutoNAT-style). */
	public static final int DIAL_BACK = 0xFFFFFF34;

	/** The peer's answer to a DIAL_BACK: which address it reached, or why none. */
	public static final int DIAL_BACK_RESULT = 0xFFFFFF35;

	/** The only frame on a dial-back connection: the nonce of the DIAL_BACK it proves. */
	public static final int DIAL_BACK_PROBE = 0xFFFFFF36;

	/** Highest code of the reachability range ({@code 0xFFFFFF30}–{@code 0xFFFFFF3F}). */
	public static final int REACH_MAX = 0xFFFFFF3F;

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
	 * Whether a code is one of the stream frames (STREAM_OPEN to STREAM_RESUME).
	 * @param code a type code
	 * @return {@code true} for the stream frames
	 */
	public static boolean isStream(int code) {
		return code >= STREAM_OPEN && code <= STREAM_RESUME;
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
	 * Whether a code is a frame of acknowledged delivery (ACK, RESUME).
	 * @param code a type code
	 * @return {@code true} for {@code 0xFFFFFF1A} and {@code 0xFFFFFF1B}
	 */
	public static boolean isDelivery(int code) {
		return code == ACK || code == RESUME;
	}

	/**
	 * Whether a code lies in the relay range (RESERVE to CIRCUIT_CLOSE and the codes kept free
	 * after them).
	 * @param code a type code
	 * @return {@code true} for {@code 0xFFFFFF20}–{@code 0xFFFFFF2F}
	 */
	public static boolean isRelay(int code) {
		return Integer.compareUnsigned(code, RESERVE) >= 0 && Integer.compareUnsigned(code, RELAY_MAX) <= 0;
	}

	/**
	 * Whether a code lies in the reachability range (hole punching and dial-back).
	 * @param code a type code
	 * @return {@code true} for {@code 0xFFFFFF30}–{@code 0xFFFFFF3F}
	 */
	public static boolean isReach(int code) {
		return Integer.compareUnsigned(code, PUNCH_CONNECT) >= 0 && Integer.compareUnsigned(code, REACH_MAX) <= 0;
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
			case ACK -> "ACK";
			case RESUME -> "RESUME";
			case STREAM_OPEN -> "STREAM_OPEN";
			case STREAM_CHUNK -> "STREAM_CHUNK";
			case STREAM_CREDIT -> "STREAM_CREDIT";
			case STREAM_END -> "STREAM_END";
			case STREAM_DONE -> "STREAM_DONE";
			case STREAM_CANCEL -> "STREAM_CANCEL";
			case STREAM_RESUME -> "STREAM_RESUME";
			case PING -> "PING";
			case PONG -> "PONG";
			case GET_FUNCS -> "GET_FUNCS";
			case FUNCS -> "FUNCS";
			case GET_PEERS -> "GET_PEERS";
			case PEERS -> "PEERS";
			case RESERVE -> "RESERVE";
			case RESERVE_OK -> "RESERVE_OK";
			case RELAY_REFUSED -> "RELAY_REFUSED";
			case CIRCUIT_OPEN -> "CIRCUIT_OPEN";
			case CIRCUIT_INCOMING -> "CIRCUIT_INCOMING";
			case CIRCUIT_ACCEPT -> "CIRCUIT_ACCEPT";
			case CIRCUIT_DATA -> "CIRCUIT_DATA";
			case CIRCUIT_CREDIT -> "CIRCUIT_CREDIT";
			case CIRCUIT_CLOSE -> "CIRCUIT_CLOSE";
			case PUNCH_CONNECT -> "PUNCH_CONNECT";
			case PUNCH_SYNC -> "PUNCH_SYNC";
			case PUNCH_JOIN -> "PUNCH_JOIN";
			case PATH_SWITCH -> "PATH_SWITCH";
			case DIAL_BACK -> "DIAL_BACK";
			case DIAL_BACK_RESULT -> "DIAL_BACK_RESULT";
			case DIAL_BACK_PROBE -> "DIAL_BACK_PROBE";
			default -> isReserved(code) ? "CONTROL(0x" + Integer.toHexString(code) + ")" : Integer.toUnsignedString(code);
		};
	}

}
