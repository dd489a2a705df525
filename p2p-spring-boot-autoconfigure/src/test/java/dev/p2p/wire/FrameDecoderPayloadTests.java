package dev.p2p.wire;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.p2p.transport.InboundFrames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameDecoder#readFrame}'s payloads: the array grows with the bytes received,
 * never with the length a header announces, and ends up exactly as long as the payload.
 */
class FrameDecoderPayloadTests {

	private static final int TYPE = 7;

	private static final int LIMIT = 16 << 20;

	private final FrameDecoder decoder = new FrameDecoder(LIMIT, (type) -> true);

	@Test
	void aHeaderAnnouncingTheLimitAndNothingMoreDoesNotMakeTheDecoderAllocateIt() {
		long allocated = allocatedWhileTruncated(header(LIMIT));
		assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
	}

	@Test
	void whatIsAllocatedFollowsTheBytesThatArrived() {
		byte[] arrived = new byte[2 << 20];
		long allocated = allocatedWhileTruncated(concat(header(LIMIT), arrived));
		// doubling from 64 KiB to 2 MiB allocates about twice what arrived, never the 16 MiB announced
		assertThat(allocated).as("bytes allocated").isLessThan(5L << 20);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 100, 65_535, 65_536, 65_537, 300 * 1024, 1 << 20 })
	void aPayloadReadInSmallPiecesArrivesWholeInAnArrayOfItsLength(int length) throws IOException {
		byte[] sent = new byte[length];
		for (int i = 0; i < length; i++) {
			sent[i] = (byte) (i * 31 + (i >>> 8));
		}
		InboundFrames frames = new InboundFrames();
		InputStream in = trickle(new SequenceInputStream(new ByteArrayInputStream(header(length)),
				new ByteArrayInputStream(sent)), 777);
		assertThat(this.decoder.readFrame(in, frames)).isTrue();
		assertThat(frames.frames()).singleElement().satisfies((frame) -> {
			assertThat(frame.type()).isEqualTo(TYPE);
			assertThat(frame.payload()).hasSize(length).isEqualTo(sent);
		});
	}

	@Test
	void aStreamEndingInsideThePayloadIsReportedTruncated() {
		InputStream in = trickle(new ByteArrayInputStream(concat(header(300_000), new byte[150_000])), 4096);
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readFrame(in, new InboundFrames()))
			.withMessageContaining("300000")
			.withMessageContaining("150000");
	}

	/** Bytes this thread allocated while the decoder read a frame cut by the end of the stream. */
	private long allocatedWhileTruncated(byte[] bytes) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		InputStream in = new ByteArrayInputStream(bytes);
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readFrame(in, new InboundFrames()));
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	private static byte[] header(int length) {
		byte[] header = new byte[FrameFormat.HEADER_SIZE];
		FrameFormat.writeHeader(header, 0, TYPE, length);
		return header;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/** A stream that hands out at most {@code piece} bytes per read, like a socket. */
	private static InputStream trickle(InputStream in, int piece) {
		return new FilterInputStream(in) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, piece));
			}

		};
	}

}
