package dev.p2p.it;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes read from a stream, for instance by a stream sender's pump, so a test can act
 * when a stream is part way through.
 */
final class CountingInputStream extends FilterInputStream {

	private final AtomicLong read;

	CountingInputStream(InputStream in, AtomicLong read) {
		super(in);
		this.read = read;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			this.read.addAndGet(n);
		}
		return n;
	}

}
