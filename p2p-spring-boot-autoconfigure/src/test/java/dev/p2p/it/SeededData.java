package dev.p2p.it;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A reproducible stream of pseudo-random bytes (xorshift64*), generated on the fly: gigabytes
 * of test data without a file or a heap to hold them.
 */
final class SeededData extends InputStream {

	private final long length;

	private long state;

	private long position;

	private long word;

	SeededData(long length, long seed) {
		this.length = length;
		this.state = (seed == 0) ? 0x9E3779B97F4A7C15L : seed;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] buffer, int offset, int count) {
		if (this.position >= this.length) {
			return -1;
		}
		int n = (int) Math.min(count, this.length - this.position);
		for (int i = 0; i < n; i++) {
			int index = (int) (this.position & 7);
			if (index == 0) {
				this.state ^= this.state >>> 12;
				this.state ^= this.state << 25;
				this.state ^= this.state >>> 27;
				this.word = this.state * 0x2545F4914F6CDD1DL;
			}
			buffer[offset + i] = (byte) (this.word >>> (index << 3));
			this.position++;
		}
		return n;
	}

	@Override
	public int available() {
		return (int) Math.min(Integer.MAX_VALUE, this.length - this.position);
	}

	static byte[] bytes(int length, long seed) {
		byte[] data = new byte[length];
		new SeededData(length, seed).read(data, 0, length);
		return data;
	}

	static String sha256(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
