package dev.p2p.membership;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.p2p.handshake.PeerIds;
import dev.p2p.peer.PeerAddress;

/**
 * Payloads of the FUNCS and PEERS replies (docs/PROTOCOL.md §11.3), little-endian like the
 * frame header. Strings are a {@code u8} length and UTF-8 bytes; decoding checks every length
 * against what is left and every id against the handshake's rules.
 * <ul>
 * <li>FUNCS: {@code u16 count}, then per type {@code u32 code}, {@code string name}</li>
 * <li>PEERS: {@code u16 count}, then per peer {@code string nodeId}, {@code string host},
 * {@code u16 port}</li>
 * </ul>
 * Writing cuts the list at {@value #MAX_ENTRIES} entries or {@value #MAX_PAYLOAD_SIZE} bytes.
 */
public final class BuiltInPayloads {

	/** Most entries in one FUNCS or PEERS payload; more are cut when writing and refused when reading. */
	public static final int MAX_ENTRIES = 1024;

	/**
	 * Largest FUNCS or PEERS payload written: entries that would go beyond it are cut, so the
	 * reply always fits the 64 KiB limit of control frames ({@code FrameDecoder}).
	 */
	public static final int MAX_PAYLOAD_SIZE = 60 * 1024;

	private BuiltInPayloads() {
	}

	/**
	 * Encode a FUNCS payload.
	 * @param types the listener types, at most {@value #MAX_ENTRIES}
	 * @return the payload
	 */
	public static byte[] funcs(List<ListenerType> types) {
		List<byte[]> names = new ArrayList<>();
		List<ListenerType> kept = new ArrayList<>();
		int size = 2;
		for (ListenerType type : types) {
			byte[] name = PeerIds.shortIdBytes(type.name());
			if (name == null) {
				continue; // cannot travel with a one-byte length
			}
			if (names.size() == MAX_ENTRIES || size + 5 + name.length > MAX_PAYLOAD_SIZE) {
				break;
			}
			names.add(name);
			kept.add(type);
			size += 5 + name.length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putShort((short) kept.size());
		for (int i = 0; i < kept.size(); i++) {
			buffer.putInt((int) kept.get(i).code()).put((byte) names.get(i).length).put(names.get(i));
		}
		return buffer.array();
	}

	/**
	 * Decode a FUNCS payload.
	 * @param payload the payload
	 * @return the listener types
	 * @throws IllegalArgumentException if it is malformed
	 */
	public static List<ListenerType> readFuncs(byte[] payload) {
		return read(payload, "FUNCS", (buffer) -> {
			long code = Integer.toUnsignedLong(buffer.getInt());
			return new ListenerType(PeerIds.readShortId(buffer, "a type name", true), code);
		});
	}

	/**
	 * Encode a PEERS payload.
	 * @param peers the peers, cut to {@value #MAX_ENTRIES}
	 * @return the payload
	 */
	public static byte[] peers(List<KnownPeer> peers) {
		List<byte[]> ids = new ArrayList<>();
		List<byte[]> hosts = new ArrayList<>();
		List<KnownPeer> kept = new ArrayList<>();
		int size = 2;
		for (KnownPeer peer : peers) {
			byte[] id = PeerIds.shortIdBytes(peer.nodeId());
			byte[] host = PeerIds.shortIdBytes(peer.address().host());
			if (id == null || host == null) {
				continue; // cannot travel with a one-byte length
			}
			if (ids.size() == MAX_ENTRIES || size + 4 + id.length + host.length > MAX_PAYLOAD_SIZE) {
				break;
			}
			ids.add(id);
			hosts.add(host);
			kept.add(peer);
			size += 4 + id.length + host.length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putShort((short) kept.size());
		for (int i = 0; i < kept.size(); i++) {
			buffer.put((byte) ids.get(i).length).put(ids.get(i)).put((byte) hosts.get(i).length).put(hosts.get(i));
			buffer.putShort((short) kept.get(i).address().port());
		}
		return buffer.array();
	}

	/**
	 * Decode a PEERS payload.
	 * @param payload the payload
	 * @return the peers
	 * @throws IllegalArgumentException if it is malformed
	 */
	public static List<KnownPeer> readPeers(byte[] payload) {
		return read(payload, "PEERS", (buffer) -> {
			String nodeId = PeerIds.readShortId(buffer, "a node id", true);
			String host = PeerIds.readShortId(buffer, "a host", true);
			int port = Short.toUnsignedInt(buffer.getShort());
			if (port == 0) {
				throw new IllegalArgumentException("PEERS entry of '" + nodeId + "' has port 0");
			}
			return new KnownPeer(nodeId, new PeerAddress(host, port));
		});
	}

	private static <T> List<T> read(byte[] payload, String what, Function<ByteBuffer, T> entry) {
		ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
		try {
			int count = Short.toUnsignedInt(buffer.getShort());
			if (count > MAX_ENTRIES) {
				throw new IllegalArgumentException(what + " announces " + count + " entries, more than the limit of "
						+ MAX_ENTRIES);
			}
			List<T> entries = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				entries.add(entry.apply(buffer));
			}
			if (buffer.hasRemaining()) {
				throw new IllegalArgumentException(what + " payload has " + buffer.remaining() + " bytes after its "
						+ count + " entries");
			}
			return entries;
		}
		catch (BufferUnderflowException ex) {
			throw new IllegalArgumentException(what + " payload of " + payload.length + " bytes ends inside an entry");
		}
	}

}
