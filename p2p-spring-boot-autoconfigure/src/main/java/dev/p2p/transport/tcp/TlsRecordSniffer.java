package dev.p2p.transport.tcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.p2p.transport.TlsMismatchException;

/**
 * Looks at the first bytes of a plaintext connection before the frame decoder does: a TLS record
 * (a handshake record {@code 0x16 0x03 0x0n}, as a ClientHello starts, or an alert
 * {@code 0x15 0x03 0x0n}, as a TLS server answers a plaintext HELLO) cannot be the first frame
 * of this protocol (in the default handshake mode it is a HELLO, whose type code ends in
 * {@code 0xFF}), so the connection fails with a {@link TlsMismatchException} that says so,
 * instead of a truncated or oversized frame. The three bytes looked at are handed on first.
 */
final class TlsRecordSniffer extends FilterInputStream {

	/** The first bytes, read to look at them and handed on before anything else. */
	private byte @Nullable [] head;

	private int headPosition;

	private boolean checked;

	TlsRecordSniffer(InputStream in) {
		super(in);
	}

	@Override
	public int read() throws IOException {
		check();
		byte[] first = this.head;
		if (first != null) {
			int b = first[this.headPosition++] & 0xFF;
			drained(first);
			return b;
		}
		return super.read();
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		check();
		byte[] first = this.head;
		if (first != null && length > 0) {
			int count = Math.min(length, first.length - this.headPosition);
			System.arraycopy(first, this.headPosition, buffer, offset, count);
			this.headPosition += count;
			drained(first);
			return count;
		}
		return super.read(buffer, offset, length);
	}

	@Override
	public long skip(long n) throws IOException {
		check();
		byte[] first = this.head;
		if (first != null && n > 0) {
			int count = (int) Math.min(n, first.length - this.headPosition);
			this.headPosition += count;
			drained(first);
			return count;
		}
		return super.skip(n);
	}

	/** Only what is buffered beyond the first bytes: peeking (mark and reset) starts after them. */
	@Override
	public int available() throws IOException {
		return (this.head != null) ? this.head.length - this.headPosition : super.available();
	}

	private void drained(byte[] first) {
		if (this.headPosition == first.length) {
			this.head = null;
		}
	}

	private void check() throws IOException {
		if (this.checked) {
			return;
		}
		this.checked = true;
		byte[] first = new byte[3];
		int count = this.in.readNBytes(first, 0, first.length);
		if (count > 0) {
			this.head = (count == first.length) ? first : Arrays.copyOf(first, count);
		}
		TlsMismatchException mismatch = (count == first.length)
				? TlsMismatchException.ifTlsRecord(first[0] & 0xFF, first[1] & 0xFF, first[2] & 0xFF) : null;
		if (mismatch != null) {
			throw mismatch;
		}
	}

}
