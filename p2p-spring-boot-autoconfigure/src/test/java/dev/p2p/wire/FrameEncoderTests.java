package dev.p2p.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.p2p.wire.FrameDecoderTests.pattern;
import static dev.p2p.wire.FrameDecoderTests.sinkOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FrameEncoder}.
 */
class FrameEncoderTests {

	private final FrameDecoder decoder = new FrameDecoder(1024 * 1024, (type) -> true);

	@Test
	void writesKnownFrameAsPythonStructPackDoes() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		encoder.write(new Frame(1, "Hello!".getBytes(StandardCharsets.US_ASCII)), out);
		encoder.flush(out);

		assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("01000000" + "06000000" + "48656c6c6f21");
	}

	@Test
	void writesControlCodeAndEmptyPayloadHeaderLittleEndian() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		encoder.write(new Frame(ControlCode.DENY, Frame.EMPTY), out);
		encoder.write(new Frame(0x01020304, new byte[] { (byte) 0xAB }), out);
		encoder.flush(out);

		assertThat(HexFormat.of().formatHex(out.toByteArray()))
			.isEqualTo("03ffffff" + "00000000" + "04030201" + "01000000" + "ab");
	}

	@Test
	void keepsSmallFramesBufferedUntilFlush() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		CountingOutputStream out = new CountingOutputStream();

		encoder.write(new Frame(1, pattern(10)), out);
		encoder.write(new Frame(2, pattern(10)), out);
		assertThat(out.bytes.size()).isZero();

		encoder.flush(out);
		assertThat(out.bytes.size()).isEqualTo(2 * (FrameFormat.HEADER_SIZE + 10));
		assertThat(out.writes).as("both frames leave in one write").isEqualTo(1);
	}

	@Test
	void flushWithNothingBufferedWritesNothing() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		CountingOutputStream out = new CountingOutputStream();

		encoder.flush(out);

		assertThat(out.writes).isZero();
	}

	@ParameterizedTest(name = "buffer of {0} bytes")
	@ValueSource(ints = { FrameFormat.HEADER_SIZE, 9, 13, 64, 4096 })
	void roundTripsManySmallFramesThroughDecoder(int bufferSize) throws IOException {
		FrameEncoder encoder = new FrameEncoder(bufferSize);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<Frame> sent = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			Frame frame = new Frame(i % 17, pattern(i % 41));
			sent.add(frame);
			encoder.write(frame, out);
		}
		encoder.flush(out);

		List<Frame> received = decodeAll(out.toByteArray());

		assertFramesEqual(received, sent);
	}

	@Test
	void roundTripsPayloadLargerThanBufferBetweenSmallFrames() throws IOException {
		FrameEncoder encoder = new FrameEncoder(32);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<Frame> sent = List.of(new Frame(1, pattern(5)), new Frame(2, pattern(10_000)), new Frame(3, pattern(7)),
				new Frame(4, pattern(33)), new Frame(5, Frame.EMPTY));
		for (Frame frame : sent) {
			encoder.write(frame, out);
		}
		encoder.flush(out);

		assertThat(out.size()).isEqualTo(sent.stream().mapToInt(Frame::wireSize).sum());
		assertFramesEqual(decodeAll(out.toByteArray()), sent);
	}

	@Test
	void sendsHeaderOfLargePayloadWithItsFirstBytesNeverAlone() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		CountingOutputStream out = new CountingOutputStream();
		List<Frame> sent = List.of(new Frame(1, pattern(10)), new Frame(2, pattern(1000)));

		for (Frame frame : sent) {
			encoder.write(frame, out);
		}
		encoder.flush(out);

		assertThat(out.sizes).as("a full buffer (first frame, header, payload start), then the rest of the payload")
			.containsExactly(64, 2 * FrameFormat.HEADER_SIZE + 10 + 1000 - 64);
		assertFramesEqual(decodeAll(out.bytes.toByteArray()), sent);
	}

	@Test
	void neverSplitsFrameThatFitsEmptyBuffer() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		CountingOutputStream out = new CountingOutputStream();
		List<Frame> sent = List.of(new Frame(1, pattern(10)), new Frame(2, pattern(64 - FrameFormat.HEADER_SIZE)),
				new Frame(3, pattern(4)));

		for (Frame frame : sent) {
			encoder.write(frame, out);
		}
		encoder.flush(out);

		assertThat(out.sizes).as("the first frame, the second whole, the third").containsExactly(18, 64, 12);
		assertFramesEqual(decodeAll(out.bytes.toByteArray()), sent);
	}

	@Test
	void writesPayloadThatFillsBufferExactly() throws IOException {
		FrameEncoder encoder = new FrameEncoder(16);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<Frame> sent = List.of(new Frame(1, pattern(8)), new Frame(2, pattern(8)), new Frame(3, pattern(1)));
		for (Frame frame : sent) {
			encoder.write(frame, out);
		}
		encoder.flush(out);

		assertFramesEqual(decodeAll(out.toByteArray()), sent);
	}

	@Test
	void resetDropsBufferedFrames() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		encoder.write(new Frame(1, pattern(4)), out);
		encoder.reset();
		encoder.write(new Frame(2, pattern(3)), out);
		encoder.flush(out);

		assertThat(out.toByteArray()).isEqualTo(FrameDecoderTests.frame(2, pattern(3)));
	}

	@Test
	void writesOnlyNewFramesAfterResetFollowingFailedWrite() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		OutputStream broken = new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IOException("connection reset");
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				throw new IOException("connection reset");
			}

		};
		encoder.write(new Frame(1, pattern(10)), broken);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> encoder.write(new Frame(2, pattern(1000)), broken))
			.withMessage("connection reset");

		encoder.reset();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(new Frame(3, pattern(6)), out);
		encoder.flush(out);

		assertThat(out.toByteArray()).isEqualTo(FrameDecoderTests.frame(3, pattern(6)));
	}

	@Test
	void writesOnlyNewFramesAfterResetFollowingFailedFlush() throws IOException {
		FrameEncoder encoder = new FrameEncoder(64);
		OutputStream broken = new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IOException("broken pipe");
			}

		};
		encoder.write(new Frame(1, pattern(10)), broken);
		encoder.write(new Frame(2, pattern(10)), broken);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> encoder.flush(broken));

		encoder.reset();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(new Frame(3, pattern(2)), out);
		encoder.flush(out);

		assertThat(out.toByteArray()).isEqualTo(FrameDecoderTests.frame(3, pattern(2)));
	}

	@ParameterizedTest(name = "bufferSize {0}")
	@ValueSource(ints = { 7, 0, -1 })
	void rejectsBufferSmallerThanHeader(int bufferSize) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameEncoder(bufferSize))
			.withMessageContaining("bufferSize")
			.withMessageContaining(String.valueOf(FrameFormat.HEADER_SIZE))
			.withMessageEndingWith("was " + bufferSize);
	}

	private List<Frame> decodeAll(byte[] wire) throws IOException {
		List<Frame> frames = new ArrayList<>();
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		while (this.decoder.readFrame(in, sinkOf(frames))) {
			// until the clean end
		}
		return frames;
	}

	private static void assertFramesEqual(List<Frame> actual, List<Frame> expected) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(actual.get(i).type()).as("type of frame %d", i).isEqualTo(expected.get(i).type());
			assertThat(actual.get(i).payload()).as("payload of frame %d", i).isEqualTo(expected.get(i).payload());
		}
	}

	private static final class CountingOutputStream extends OutputStream {

		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		int writes;

		final List<Integer> sizes = new ArrayList<>();

		@Override
		public void write(int b) {
			this.writes++;
			this.sizes.add(1);
			this.bytes.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.writes++;
			this.sizes.add(len);
			this.bytes.write(b, off, len);
		}

	}

}
