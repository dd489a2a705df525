package dev.p2p.compat.peerpy;

import java.util.Map;

/**
 * peerpy's UDP discovery on port {@value #PORT}: a seeker broadcasts a PING naming where to
 * answer; every visible peer answers a PONG naming its TCP address, unicast to that address.
 *
 * <pre>
 * seeker 10.0.0.1:1024 -&gt; 255.255.255.255:1024   PING|pinger=10.0.0.1:1024|||||...|   (128 bytes)
 * peer   any:1024      -&gt; 10.0.0.1:1024          PONG|ponger=10.0.0.1:40001||||...|   (128 bytes)
 * </pre>
 *
 * <p>peerpy reads a PING with {@code recv(512)} and a PONG with {@code recv(128)}, so parsing
 * takes any datagram up to {@value #MAX_DATAGRAM_SIZE} bytes, padded or not.
 *
 * @param pong {@code true} for a PONG, {@code false} for a PING
 * @param address the {@code ponger} or {@code pinger} address
 */
public record PeerpyDiscoveryDatagram(boolean pong, PeerpyAddress address) {

	/** The UDP port peerpy hard-codes for discovery. */
	public static final int PORT = 1024;

	/** Largest datagram parsed (peerpy's responder reads 512 bytes). */
	public static final int MAX_DATAGRAM_SIZE = 512;

	/**
	 * A seeker's PING.
	 * @param pinger where PONGs go
	 * @return the datagram
	 */
	public static PeerpyDiscoveryDatagram ping(PeerpyAddress pinger) {
		return new PeerpyDiscoveryDatagram(false, pinger);
	}

	/**
	 * A responder's PONG.
	 * @param ponger the responder's peerpy TCP address
	 * @return the datagram
	 */
	public static PeerpyDiscoveryDatagram pong(PeerpyAddress ponger) {
		return new PeerpyDiscoveryDatagram(true, ponger);
	}

	/**
	 * The 128 bytes to send.
	 * @return the datagram's bytes
	 */
	public byte[] toBytes() {
		return new PeerpyHeader(this.pong ? "PONG" : "PING", Map.of(fieldName(), this.address.toString())).toBytes();
	}

	/**
	 * Parse a received datagram.
	 * @param data the receive buffer
	 * @param length the datagram's length
	 * @return the PING or PONG
	 * @throws PeerpyProtocolException if it is longer than {@value #MAX_DATAGRAM_SIZE} bytes, of
	 * another type, or lacks a valid address
	 */
	public static PeerpyDiscoveryDatagram parse(byte[] data, int length) throws PeerpyProtocolException {
		if (length > MAX_DATAGRAM_SIZE) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER, "peerpy discovery datagram of "
					+ length + " bytes is longer than the limit of " + MAX_DATAGRAM_SIZE + " bytes");
		}
		PeerpyHeader header = PeerpyHeader.parse(data, length);
		boolean pong = "PONG".equals(header.type());
		if (!pong && !"PING".equals(header.type())) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER, "peerpy discovery datagram of type '"
					+ PeerpyHeader.printable(header.type()) + "' is neither PING nor PONG");
		}
		String text = header.require(pong ? "ponger" : "pinger");
		try {
			return new PeerpyDiscoveryDatagram(pong, PeerpyAddress.parse(text));
		}
		catch (IllegalArgumentException ex) {
			throw new PeerpyProtocolException(PeerpyViolation.MALFORMED_HEADER, ex.getMessage());
		}
	}

	private String fieldName() {
		return this.pong ? "ponger" : "pinger";
	}

}
