package dev.p2p.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.FrameDecoderTests.RecordingSink;

import static dev.p2p.wire.FrameDecoderTests.concat;
import static dev.p2p.wire.FrameDecoderTests.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link FrameDecoder#readBuffered}: the frames complete in bytes an event loop has received,
 * with the same limits as the stream decoder.
 */
class FrameDecoderBufferedTests {

	private static final FrameDecoder DECODER = new FrameDecoder(1024, (type) -> true);

	@Test
	void readBufferedReadsTheCompleteFramesAndStopsBeforeOneStillArriving() throws IOException {
		byte[] whole = concat(frame(1, bytes("one")), frame(2, bytes("")), frame(3, bytes("three")));
		byte[] withPart = concat(whole, Arrays.copyOf(frame(4, bytes("four")), 10));
		for (boolean direct : new boolean[] { false, true }) {
			ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(withPart.length + 3) : ByteBuffer.allocate(withPart.length + 3);
			buffer.put(new byte[3]).put(withPart).flip().position(3);
			RecordingSink sink = new RecordingSink();

			int read = DECODER.readBuffered(buffer, sink, 1024, Long.MAX_VALUE);

			assertThat(read).isEqualTo(whole.length);
			assertThat(sink.events).containsExactly("frame 1 one", "frame 2 ", "frame 3 three");
			assertThat(buffer.position()).as("left as it was").isEqualTo(3);
			assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
		}
	}

	@Test
	void readBufferedReadsNothingUntilAWholeHeaderAndPayloadAreThere() throws IOException {
		byte[] wire = frame(1, bytes("payload"));
		for (int length = 0; length < wire.length; length++) {
			RecordingSink sink = new RecordingSink();
			assertThat(DECODER.readBuffered(ByteBuffer.wrap(wire, 0, length), sink, 1024, Long.MAX_VALUE)).isZero();
			assertThat(sink.events).isEmpty();
		}
	}

	@Test
	void readBufferedStopsAtTheFrameAndByteLimits() throws IOException {
		byte[] wire = concat(frame(1, bytes("aa")), frame(1, bytes("bb")), frame(1, bytes("cc")));
		RecordingSink sink = new RecordingSink();
		assertThat(DECODER.readBuffered(ByteBuffer.wrap(wire), sink, 2, Long.MAX_VALUE)).isEqualTo(20);
		assertThat(sink.events).containsExactly("frame 1 aa", "frame 1 bb");
		RecordingSink bytesLimited = new RecordingSink();
		assertThat(DECODER.readBuffered(ByteBuffer.wrap(wire), bytesLimited, 1024, 3)).isEqualTo(20);
		assertThat(bytesLimited.events).containsExactly("frame 1 aa", "frame 1 bb");
	}

	@Test
	void readBufferedFailsAnOversizeLengthAtOnceAfterHandingOnTheFramesBeforeIt() {
		byte[] header = Arrays.copyOf(frame(1, new byte[0]), FrameFormat.HEADER_SIZE);
		header[4] = (byte) 0xF0;
		header[7] = (byte) 0x7F;
		byte[] wire = concat(frame(1, bytes("good")), header);
		RecordingSink sink = new RecordingSink();
		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> DECODER.readBuffered(ByteBuffer.wrap(wire), sink, 1024, Long.MAX_VALUE));
		assertThat(sink.events).containsExactly("frame 1 good");
		byte[] negative = Arrays.copyOf(frame(1, new byte[0]), FrameFormat.HEADER_SIZE);
		negative[7] = (byte) 0x80;
		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> DECODER.readBuffered(ByteBuffer.wrap(negative), new RecordingSink(), 1024, 1));
	}

	@Test
	void readBufferedSkipsThePayloadOfATypeNotAccepted() throws IOException {
		FrameDecoder onlyOne = new FrameDecoder(1024, (type) -> type == 1);
		byte[] wire = concat(frame(9, bytes("skipped")), frame(1, bytes("kept")));
		RecordingSink sink = new RecordingSink();
		assertThat(onlyOne.readBuffered(ByteBuffer.wrap(wire), sink, 1024, Long.MAX_VALUE)).isEqualTo(wire.length);
		assertThat(sink.events).containsExactly("unknown 9 7", "frame 1 kept");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}
