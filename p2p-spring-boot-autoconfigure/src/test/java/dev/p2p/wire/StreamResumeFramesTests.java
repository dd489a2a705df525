package dev.p2p.wire;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.StreamResumeFrames.Held;
import dev.p2p.wire.StreamResumeFrames.Resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * STREAM_RESUME byte by byte, as docs/PROTOCOL.md §16.6 shows it, and the payloads it refuses.
 */
class StreamResumeFramesTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void theDocumentedExampleRoundTrips() {
		Resume resume = new Resume(1, List.of(new Held(1, StreamResumeFrames.OPEN, false, 262_144, 524_288)), List.of(2));
		Frame frame = StreamResumeFrames.resume(resume);
		assertThat(frame.type()).isEqualTo(0xFFFFFF16);
		assertThat(ControlCode.describe(frame.type())).isEqualTo("STREAM_RESUME");
		assertThat(HEX.formatHex(frame.payload())).isEqualTo("01 00 00 00 01 00 01 00 00 00 00 00 "
				+ "00 00 04 00 00 00 00 00 00 00 08 00 00 00 00 00 01 00 02 00 00 00");
		assertThat(StreamResumeFrames.readResume(frame.payload())).isEqualTo(resume);
	}

	@Test
	void endedStreamsAndTheEndFlagRoundTrip() {
		Resume resume = new Resume(0xFFFFFFFFL, List.of(new Held(7, StreamResumeFrames.OPEN, true, 10, 10),
				new Held(3, StreamResumeFrames.DONE, false, 0, 0), new Held(4, StreamResumeFrames.ENDED, false, 0, 0)),
				List.of());
		assertThat(StreamResumeFrames.readResume(StreamResumeFrames.resume(resume).payload())).isEqualTo(resume);
	}

	@Test
	void malformedPayloadsAreRefused() {
		byte[] valid = StreamResumeFrames
			.resume(new Resume(1, List.of(new Held(1, StreamResumeFrames.OPEN, false, 5, 9)), List.of(2)))
			.payload();
		assertThatIllegalArgumentException().isThrownBy(() -> StreamResumeFrames.readResume(new byte[7]))
			.withMessageContaining("at least 8 bytes");
		byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamResumeFrames.readResume(longer))
			.withMessageContaining("does not match");
		byte[] badState = valid.clone();
		badState[10] = 3;
		assertThatIllegalArgumentException().isThrownBy(() -> StreamResumeFrames.readResume(badState))
			.withMessageContaining("state");
		byte[] beyondGranted = valid.clone();
		beyondGranted[12] = 10;
		assertThatIllegalArgumentException().isThrownBy(() -> StreamResumeFrames.readResume(beyondGranted))
			.withMessageContaining("received 10 must be 0 to granted 9");
	}

}
