package dev.p2p.wire;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ArrivingPayload}: the array grows with the bytes received, never with the
 * length announced, and ends up exactly as long as the payload.
 */
class ArrivingPayloadTests {

	private static final int TYPE = 7;

	@Test
	void aLengthAnnouncedAloneAllocatesNoMoreThanTheFirstAllocation() {
		ArrivingPayload payload = new ArrivingPayload(TYPE, 16 << 20);
		assertThat(payload.room()).hasSize(ArrivingPayload.FIRST_ALLOCATION);
		assertThat(payload.isComplete()).isFalse();
	}

	@Test
	void aHeaderAnnouncingTheLimitAndNothingMoreDoesNotMakeTheDecoderAllocateIt() {
		int limit = 16 << 20;
		FrameDecoder decoder = new FrameDecoder(limit, (type) -> true);
		byte[] header = new byte[FrameFormat.HEADER_SIZE];
		FrameFormat.writeHeader(header, 0, TYPE, limit);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> decoder.readFrame(new ByteArrayInputStream(header), new InboundFramesSink()));
		assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated")
			.isLessThan(1 << 20);
	}

	@Test
	void theArrayGrowsToAtMostTwiceWhatArrived() {
		ArrivingPayload payload = new ArrivingPayload(TYPE, 16 << 20);
		int arrived = 0;
		while (arrived < (1 << 20)) {
			byte[] room = payload.room();
			int count = Math.min(room.length - payload.filled(), 1000);
			payload.advance(count);
			arrived += count;
			assertThat(payload.room().length).isLessThanOrEqualTo(Math.max(ArrivingPayload.FIRST_ALLOCATION, 2 * arrived));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 100, 65_535, 65_536, 65_537, 300 * 1024, 1 << 20 })
	void aPayloadReadInSmallPiecesArrivesWholeInAnArrayOfItsLength(int length) throws IOException {
		byte[] sent = new byte[length];
		for (int i = 0; i < length; i++) {
			sent[i] = (byte) (i * 31 + (i >>> 8));
		}
		Frame frame = ArrivingPayload.read(trickle(sent, 777), TYPE, length);
		assertThat(frame.type()).isEqualTo(TYPE);
		assertThat(frame.payload()).hasSize(length).isEqualTo(sent);
	}

	@Test
	void aStreamEndingInsideThePayloadIsReportedTruncated() {
		byte[] half = new byte[150_000];
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> ArrivingPayload.read(trickle(half, 4096), TYPE, 300_000))
			.withMessageContaining("300000")
			.withMessageContaining("150000");
	}

	@Test
	void anIncompletePayloadHasNoFrameYet() {
		ArrivingPayload payload = new ArrivingPayload(TYPE, 10);
		payload.advance(5);
		assertThat(payload.isComplete()).isFalse();
		assertThatIllegalStateException().isThrownBy(payload::frame);
	}

	/** Drops what it is given. */
	private static final class InboundFramesSink implements FrameSink {

		@Override
		public void onFrame(Frame frame) {
		}

		@Override
		public void onUnknownType(int type, int length) {
		}

	}

	/** A stream that hands out at most {@code piece} bytes per read, like a socket. */
	private static InputStream trickle(byte[] bytes, int piece) {
		return new FilterInputStream(new ByteArrayInputStream(bytes)) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, piece));
			}

		};
	}

}
