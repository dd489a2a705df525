package dev.p2p.reach;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static dev.p2p.wire.Payloads.check;

/**
 * The list of addresses a node announces or observes (docs/PROTOCOL.md §13.1), as it appears
 * inside RESERVE_OK, PUNCH_CONNECT and DIAL_BACK payloads. Ports are little-endian like every
 * other number of the protocol; addresses are in network order, as {@link InetAddress} gives
 * them.
 * <pre>
 * +-------+----------------------------------------------------+
 * | u8 n  | n entries                                          |
 * +-------+----------------------------------------------------+
 *   entry: u8 family (4 or 6) | u8 kind | 4 or 16 bytes address | u16 port
 *
 *   02                                       two entries
 *   04 00 0a 4d 01 02 8d 13                  10.77.1.2:5005, listen
 *   06 01 fd 77 00 00 .. 00 02 8d 13         [fd77::2]:5005, observed
 * </pre>
 * At most {@value #MAX_ADDRESSES} entries; a port is 1 to 65535; an IPv6 address is sent
 * without its scope, so link-local addresses (meaningful only with one) are refused on writing.
 * Readers check the count against the bytes left before they allocate anything, and throw
 * {@link IllegalArgumentException} naming what is wrong.
 */
public final class AddressList {

	/** Most entries in one list: every interface and observed address of a node fits. */
	public static final int MAX_ADDRESSES = 16;

	/** Bytes of the smallest entry, an IPv4 one. */
	static final int MIN_ENTRY_SIZE = 2 + 4 + 2;

	private AddressList() {
	}

	/**
	 * Bytes a list takes on the wire.
	 * @param addresses the list
	 * @return its size
	 */
	public static int size(List<ReachableAddress> addresses) {
		int size = 1;
		for (ReachableAddress address : addresses) {
			size += 2 + address.address().getAddress().length + 2;
		}
		return size;
	}

	/**
	 * Write a list.
	 * @param buffer a little-endian buffer with {@link #size} bytes left
	 * @param addresses at most {@value #MAX_ADDRESSES} addresses, none link-local
	 * @throws IllegalArgumentException for too many addresses or a link-local one
	 */
	public static void write(ByteBuffer buffer, List<ReachableAddress> addresses) {
		check(addresses.size() <= MAX_ADDRESSES,
				"an address list holds at most " + MAX_ADDRESSES + " addresses, not " + addresses.size());
		buffer.put((byte) addresses.size());
		for (ReachableAddress address : addresses) {
			check(!(address.address() instanceof Inet6Address && address.address().isLinkLocalAddress()),
					"a link-local address has no meaning without its scope: " + address);
			byte[] bytes = address.address().getAddress();
			buffer.put((byte) (bytes.length == 4 ? 4 : 6));
			buffer.put((byte) address.kind().code());
			buffer.put(bytes);
			buffer.putShort((short) address.port());
		}
	}

	/**
	 * Read a list.
	 * @param buffer a little-endian buffer positioned at the list; left after it
	 * @param frame name of the frame, for errors
	 * @return the addresses
	 * @throws IllegalArgumentException for a malformed or too long list
	 */
	public static List<ReachableAddress> read(ByteBuffer buffer, String frame) {
		check(buffer.remaining() >= 1, frame + " ends before its address list");
		int count = Byte.toUnsignedInt(buffer.get());
		check(count <= MAX_ADDRESSES,
				frame + " address list of " + count + " entries is longer than " + MAX_ADDRESSES);
		check(buffer.remaining() >= count * MIN_ENTRY_SIZE, frame + " address list of " + count
				+ " entries needs at least " + count * MIN_ENTRY_SIZE + " bytes, " + buffer.remaining() + " left");
		List<ReachableAddress> addresses = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			addresses.add(readEntry(buffer, frame, i));
		}
		return List.copyOf(addresses);
	}

	private static ReachableAddress readEntry(ByteBuffer buffer, String frame, int index) {
		check(buffer.remaining() >= 2, frame + " address " + index + " is cut short");
		int family = buffer.get();
		AddressKind kind = AddressKind.of(Byte.toUnsignedInt(buffer.get()));
		check(family == 4 || family == 6, frame + " address " + index + " has family " + family + ", not 4 or 6");
		byte[] bytes = new byte[(family == 4) ? 4 : 16];
		check(buffer.remaining() >= bytes.length + 2, frame + " address " + index + " is cut short");
		buffer.get(bytes);
		int port = Short.toUnsignedInt(buffer.getShort());
		check(port != 0, frame + " address " + index + " has port 0");
		InetAddress address = address(bytes);
		check(address.getAddress().length == bytes.length,
				frame + " address " + index + " is an IPv4-mapped IPv6 address; send it as IPv4");
		check(!address.isLinkLocalAddress() || family == 4,
				frame + " address " + index + " is link-local, meaningless without its scope");
		return new ReachableAddress(address, port, kind);
	}

	private static InetAddress address(byte[] bytes) {
		try {
			// a literal of 4 or 16 bytes: no lookup happens
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

}
