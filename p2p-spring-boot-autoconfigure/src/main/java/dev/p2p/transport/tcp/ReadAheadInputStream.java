package dev.p2p.transport.tcp;

import java.io.IOException;
import java.io.InputStream;

/**
 * Buffers a socket's input so that small frames are read with one system call per buffer fill
 * rather than per frame. Unlike {@link java.io.BufferedInputStream} it is unsynchronized (one
 * reader thread per connection) and {@link #available()} reports only the buffered bytes, so
 * asking it never costs a system call. A mark lasts while the bytes after it stay buffered,
 * enough for a decoder to peek at a header it already has.
 */
final class ReadAheadInputStream extends InputStream {

	private final InputStream in;

	private final byte[] buffer;

	private int position;

	private int limit;

	private int mark = -1;

	ReadAheadInputStream(InputStream in, int bufferSize) {
		this.in = in;
		this.buffer = new byte[bufferSize];
	}

	@Override
	public int read() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xFF;
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		int buffered = this.limit - this.position;
		if (buffered == 0) {
			if (length >= this.buffer.length) {
				return this.in.read(target, offset, length);
			}
			if (!fill()) {
				return -1;
			}
			buffered = this.limit - this.position;
		}
		int count = Math.min(buffered, length);
		System.arraycopy(this.buffer, this.position, target, offset, count);
		this.position += count;
		return count;
	}

	@Override
	public long skip(long n) throws IOException {
		if (n <= 0) {
			return 0;
		}
		int buffered = this.limit - this.position;
		if (buffered > 0) {
			int count = (int) Math.min(buffered, n);
			this.position += count;
			return count;
		}
		return this.in.skip(n);
	}

	@Override
	public int available() {
		return this.limit - this.position;
	}

	/**
	 * Marks within the buffered bytes only: callers peek at no more than {@link #available()}.
	 */
	@Override
	public boolean markSupported() {
		return true;
	}

	@Override
	public void mark(int readLimit) {
		this.mark = this.position;
	}

	@Override
	public void reset() throws IOException {
		if (this.mark < 0) {
			throw new IOException("reset without mark");
		}
		this.position = this.mark;
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	private boolean fill() throws IOException {
		int count = this.in.read(this.buffer, 0, this.buffer.length);
		if (count <= 0) {
			return false;
		}
		this.position = 0;
		this.limit = count;
		this.mark = -1;
		return true;
	}

}
