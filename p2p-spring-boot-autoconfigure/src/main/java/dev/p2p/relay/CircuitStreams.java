package dev.p2p.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Bases of the circuit's byte streams, which move blocks: a single byte goes through the block
 * methods.
 */
final class CircuitStreams {

	private CircuitStreams() {
	}

	/** An input stream that reads blocks; {@link #read()} is one of them. */
	abstract static class BlockInput extends InputStream {

		@Override
		public final int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public abstract int read(byte[] buffer, int offset, int length) throws IOException;

	}

	/** An output stream that writes blocks; {@link #write(int)} is one of them. */
	abstract static class BlockOutput extends OutputStream {

		@Override
		public final void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public abstract void write(byte[] buffer, int offset, int length) throws IOException;

	}

}
