package dev.p2p.reach;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static dev.p2p.wire.Payloads.check;

/**
 * STUN binding request and response (RFC 8489), big-endian as STUN is, for learning the public
 * mapping of a UDP port from a standard STUN server before any peer is connected:
 * <pre>
 * +---------------+---------------+--------------+------------------------+
 * | u16 type      | u16 length    | u32 cookie   | 12 bytes transaction   |  then attributes:
 * | 0x0001 request| of attributes | 0x2112A442   | id                     |  u16 type | u16 length |
 * | 0x0101 answer |               |              |                        |  value, padded to 4
 * +---------------+---------------+--------------+------------------------+
 * XOR-MAPPED-ADDRESS (0x0020): u8 0 | u8 family (1: IPv4, 2: IPv6) | u16 port ^ 0x2112 |
 *                              address ^ (cookie, then for IPv6 the transaction id)
 * </pre>
 * Only the mapped address is read; other attributes (SOFTWARE, MESSAGE-INTEGRITY, FINGERPRINT)
 * are skipped. A response is at most {@value #MAX_MESSAGE_SIZE} bytes, every length is checked
 * before it is used, and problems throw {@link IllegalArgumentException}.
 */
public final class StunMessages {

	/** Largest message read: STUN over UDP stays within an IPv6 minimum MTU. */
	public static final int MAX_MESSAGE_SIZE = 1280;

	/** The fixed cookie after the length, {@code 0x2112A442}. */
	public static final int MAGIC_COOKIE = 0x2112A442;

	/** Bytes of a transaction id. */
	public static final int TRANSACTION_ID_LENGTH = 12;

	private static final int BINDING_REQUEST = 0x0001;

	private static final int BINDING_SUCCESS = 0x0101;

	private static final int MAPPED_ADDRESS = 0x0001;

	private static final int XOR_MAPPED_ADDRESS = 0x0020;

	private static final int HEADER_SIZE = 20;

	private StunMessages() {
	}

	/**
	 * A binding request without attributes.
	 * @param transactionId {@value #TRANSACTION_ID_LENGTH} random bytes
	 * @return the 20-byte message
	 */
	public static byte[] bindingRequest(byte[] transactionId) {
		check(transactionId.length == TRANSACTION_ID_LENGTH,
				"a STUN transaction id has 12 bytes, not " + transactionId.length);
		return ByteBuffer.allocate(HEADER_SIZE)
			.putShort((short) BINDING_REQUEST)
			.putShort((short) 0)
			.putInt(MAGIC_COOKIE)
			.put(transactionId)
			.array();
	}

	/**
	 * The mapped address a binding success response reports.
	 * @param message the datagram received
	 * @param transactionId the id of the request it must answer
	 * @return the address and port the server saw the request come from
	 */
	public static InetSocketAddress readBindingResponse(byte[] message, byte[] transactionId) {
		check(message.length >= HEADER_SIZE && message.length <= MAX_MESSAGE_SIZE,
				"a STUN response has 20 to " + MAX_MESSAGE_SIZE + " bytes, not " + message.length);
		ByteBuffer buffer = ByteBuffer.wrap(message);
		int type = Short.toUnsignedInt(buffer.getShort());
		int length = Short.toUnsignedInt(buffer.getShort());
		check(type == BINDING_SUCCESS, "not a STUN binding success response: type 0x" + Integer.toHexString(type));
		check(buffer.getInt() == MAGIC_COOKIE, "STUN response without the magic cookie");
		check(Arrays.equals(message, 8, HEADER_SIZE, transactionId, 0, transactionId.length),
				"STUN response to another transaction");
		buffer.position(HEADER_SIZE);
		check(length == message.length - HEADER_SIZE && length % 4 == 0, "STUN length " + length
				+ " does not match the " + (message.length - HEADER_SIZE) + " bytes of attributes");
		InetSocketAddress mapped = null;
		while (buffer.remaining() >= 4) {
			int attribute = Short.toUnsignedInt(buffer.getShort());
			int valueLength = Short.toUnsignedInt(buffer.getShort());
			int padded = (valueLength + 3) & ~3;
			check(padded <= buffer.remaining(), "STUN attribute 0x" + Integer.toHexString(attribute) + " of "
					+ valueLength + " bytes does not fit the " + buffer.remaining() + " bytes left");
			int next = buffer.position() + padded;
			if (attribute == XOR_MAPPED_ADDRESS) {
				return address(buffer, valueLength, message, true);
			}
			if (attribute == MAPPED_ADDRESS && mapped == null) {
				mapped = address(buffer, valueLength, message, false);
			}
			buffer.position(next);
		}
		check(mapped != null, "STUN response without a mapped address");
		return mapped;
	}

	private static InetSocketAddress address(ByteBuffer buffer, int length, byte[] message, boolean xor) {
		check(length == 8 || length == 20, "STUN address attribute of " + length + " bytes, not 8 or 20");
		buffer.get();
		int family = buffer.get();
		check((family == 1 && length == 8) || (family == 2 && length == 20),
				"STUN address family " + family + " does not match its " + length + " bytes");
		int port = Short.toUnsignedInt(buffer.getShort());
		byte[] address = new byte[length - 4];
		buffer.get(address);
		if (xor) {
			port ^= MAGIC_COOKIE >>> 16;
			// the cookie and transaction id sit at bytes 4 to 19 of the message
			for (int i = 0; i < address.length; i++) {
				address[i] ^= message[4 + i];
			}
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(address), port);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

}
