package dev.p2p.discovery;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.handshake.PeerIds;

/**
 * Encodes and decodes discovery datagrams, little-endian like the TCP frames (docs/PROTOCOL.md
 * §11.1): magic {@code P2PD}, format version, kind, protocol version, listen port, then network
 * id, node id, instance id and listen host as {@code u8} length + UTF-8, then a {@code u16}
 * length and the authentication tag of a {@link DatagramAuthenticator}. A datagram is at most
 * {@value #MAX_SIZE} bytes.
 */
public final class AdvertCodec {

	/** Largest discovery datagram, in bytes; longer ones are dropped unread. */
	public static final int MAX_SIZE = 1024;

	/** Longest authentication tag. */
	public static final int MAX_TAG_LENGTH = 64;

	/** The first four bytes of every discovery datagram: {@code P2PD}. */
	static final byte[] MAGIC = { 'P', '2', 'P', 'D' };

	/** Version of this datagram format. */
	public static final int FORMAT_VERSION = 1;

	static final int KIND_ADVERT = 1;

	static final int KIND_QUERY = 2;

	private final DatagramAuthenticator authenticator;

	/**
	 * Create a codec.
	 * @param authenticator tags sent adverts and verifies received ones
	 */
	public AdvertCodec(DatagramAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	/**
	 * Encode an advert.
	 * @param advert the advert
	 * @return the datagram's bytes
	 * @throws IllegalArgumentException if it would exceed {@value #MAX_SIZE} bytes
	 */
	public byte[] encode(Advert advert) {
		ByteBuffer buffer = ByteBuffer.allocate(MAX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
		try {
			buffer.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) (advert.query() ? KIND_QUERY : KIND_ADVERT));
			buffer.putShort((short) advert.protocolVersion()).putShort((short) advert.listenPort());
			putString(buffer, advert.networkId());
			putString(buffer, advert.nodeId());
			putString(buffer, advert.instanceId());
			putString(buffer, (advert.listenHost() != null) ? advert.listenHost() : "");
			int covered = buffer.position();
			byte[] tag = this.authenticator.tag(buffer.array(), covered);
			if (tag.length > MAX_TAG_LENGTH) {
				throw new IllegalArgumentException("authentication tag of " + tag.length + " bytes, more than "
						+ MAX_TAG_LENGTH);
			}
			buffer.putShort((short) tag.length).put(tag);
		}
		catch (java.nio.BufferOverflowException ex) {
			throw new IllegalArgumentException("advert longer than " + MAX_SIZE + " bytes");
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	/**
	 * Decode a received datagram.
	 * @param data the datagram's bytes
	 * @param length how many bytes were received
	 * @return the advert
	 * @throws RejectedDatagramException why the datagram is dropped
	 */
	public Advert decode(byte[] data, int length) {
		if (length > MAX_SIZE) {
			throw new RejectedDatagramException(DatagramDropReason.OVERSIZE,
					"datagram of at least " + length + " bytes, more than the limit of " + MAX_SIZE);
		}
		ByteBuffer buffer = ByteBuffer.wrap(data, 0, length).order(ByteOrder.LITTLE_ENDIAN);
		try {
			byte[] magic = new byte[MAGIC.length];
			buffer.get(magic);
			if (!Arrays.equals(magic, MAGIC)) {
				throw malformed("no P2PD magic");
			}
			int version = Byte.toUnsignedInt(buffer.get());
			if (version != FORMAT_VERSION) {
				throw new RejectedDatagramException(DatagramDropReason.UNSUPPORTED_VERSION,
						"advert format version " + version + ", this node reads " + FORMAT_VERSION);
			}
			int kind = Byte.toUnsignedInt(buffer.get());
			if (kind != KIND_ADVERT && kind != KIND_QUERY) {
				throw malformed("unknown kind " + kind);
			}
			int protocolVersion = Short.toUnsignedInt(buffer.getShort());
			int port = Short.toUnsignedInt(buffer.getShort());
			String networkId = string(buffer, "network id", false);
			String nodeId = string(buffer, "node id", true);
			String instanceId = string(buffer, "instance id", true);
			String host = string(buffer, "listen host", false);
			int covered = buffer.position();
			int tagLength = Short.toUnsignedInt(buffer.getShort());
			if (tagLength > MAX_TAG_LENGTH) {
				throw malformed("tag of " + tagLength + " bytes, more than " + MAX_TAG_LENGTH);
			}
			byte[] tag = new byte[tagLength];
			buffer.get(tag);
			if (buffer.hasRemaining()) {
				throw malformed(buffer.remaining() + " bytes after the tag");
			}
			if (!this.authenticator.verify(data, covered, tag)) {
				throw new RejectedDatagramException(DatagramDropReason.SPOOFED,
						"authentication tag of advert from '" + nodeId + "' does not verify");
			}
			return new Advert(kind == KIND_QUERY, protocolVersion, networkId, nodeId, instanceId,
					host.isEmpty() ? null : host, port);
		}
		catch (BufferUnderflowException ex) {
			throw malformed("datagram of " + length + " bytes ends inside a field");
		}
	}

	private static void putString(ByteBuffer buffer, String value) {
		byte[] bytes = PeerIds.shortIdBytes(value);
		if (bytes == null) {
			throw new IllegalArgumentException("'" + value + "' is longer than 255 bytes in UTF-8");
		}
		buffer.put((byte) bytes.length).put(bytes);
	}

	private static String string(ByteBuffer buffer, String name, boolean required) {
		try {
			return PeerIds.readShortId(buffer, name, required);
		}
		catch (IllegalArgumentException ex) {
			throw malformed(ex.getMessage());
		}
	}

	private static RejectedDatagramException malformed(String detail) {
		return new RejectedDatagramException(DatagramDropReason.MALFORMED, detail);
	}

}
