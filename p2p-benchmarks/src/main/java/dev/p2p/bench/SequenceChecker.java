package dev.p2p.bench;

/**
 * Checks what one receiver got: every payload must carry the next sequence number (little
 * endian, first 8 bytes) and have the expected length. Counts packets and sums sequence
 * numbers (the checksum compared with what was sent). Written by one thread, read by others.
 */
public final class SequenceChecker {

	private final int payloadSize;

	private volatile long received;

	private volatile long checksum;

	private volatile String failure;

	private long expected;

	public SequenceChecker(int payloadSize) {
		this.payloadSize = payloadSize;
	}

	/**
	 * Check one payload held in an array.
	 * @param payload the bytes
	 * @param offset where the payload starts
	 * @param length the payload length
	 */
	public void accept(byte[] payload, int offset, int length) {
		accept(readLongLE(payload, offset), length);
	}

	/**
	 * Check one payload given its sequence number and length.
	 * @param sequence the sequence number it carried
	 * @param length its length
	 */
	public void accept(long sequence, int length) {
		if (this.failure == null) {
			if (length != this.payloadSize) {
				this.failure = "packet " + this.expected + " has " + length + " bytes, expected " + this.payloadSize;
			}
			else if (sequence != this.expected) {
				this.failure = "expected packet " + this.expected + " but got " + sequence + " (lost or reordered)";
			}
		}
		this.expected++;
		this.checksum += sequence;
		this.received++;
	}

	public long received() {
		return this.received;
	}

	/**
	 * Fail unless exactly {@code total} packets arrived, in order, with the right checksum.
	 * @param total packets sent so far
	 */
	public void verify(long total) {
		if (this.failure != null) {
			throw new IllegalStateException(this.failure);
		}
		long expectedChecksum = total * (total - 1) / 2;
		if (this.received != total || this.checksum != expectedChecksum) {
			throw new IllegalStateException("received " + this.received + " packets with checksum " + this.checksum
					+ ", sent " + total + " with checksum " + expectedChecksum);
		}
	}

	/**
	 * Write a sequence number into the first 8 bytes of a payload.
	 * @param payload the payload
	 * @param offset where it starts
	 * @param sequence the number
	 */
	public static void writeLongLE(byte[] payload, int offset, long sequence) {
		for (int i = 0; i < 8; i++) {
			payload[offset + i] = (byte) (sequence >>> (8 * i));
		}
	}

	public static long readLongLE(byte[] payload, int offset) {
		long value = 0;
		for (int i = 7; i >= 0; i--) {
			value = (value << 8) | (payload[offset + i] & 0xFF);
		}
		return value;
	}

}
