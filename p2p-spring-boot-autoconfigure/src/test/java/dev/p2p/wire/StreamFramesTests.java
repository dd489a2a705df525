package dev.p2p.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stream frames' payloads, byte by byte as docs/PROTOCOL.md §12 shows them.
 */
class StreamFramesTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void openCarriesIdTypeSizeAndName() {
		Frame open = StreamFrames.open(1, 18, 300_000, "report.bin");
		assertThat(open.type()).isEqualTo(ControlCode.STREAM_OPEN);
		assertThat(HEX.formatHex(open.payload())).isEqualTo(
				"01 00 00 00 12 00 00 00 e0 93 04 00 00 00 00 00 0a 00 72 65 70 6f 72 74 2e 62 69 6e");
		assertThat(StreamFrames.readOpen(open.payload())).isEqualTo(new StreamFrames.Open(1, 18, 300_000, "report.bin"));
		StreamFrames.Open unknown = StreamFrames.readOpen(StreamFrames.open(2, 18, -1, "").payload());
		assertThat(unknown.size()).isEqualTo(StreamFrames.UNKNOWN_SIZE);
		assertThat(unknown.name()).isEmpty();
	}

	@Test
	void openNameIsCutOnACharacterBoundary() {
		String name = "é".repeat(600);
		StreamFrames.Open open = StreamFrames.readOpen(StreamFrames.open(1, 1, 0, name).payload());
		assertThat(open.name()).isEqualTo("é".repeat(512));
	}

	@Test
	void malformedOpenIsRefusedWithTheReason() {
		byte[] payload = StreamFrames.open(1, 18, 0, "abc").payload();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamFrames.readOpen(java.util.Arrays.copyOf(payload, payload.length - 1)))
			.withMessage("STREAM_OPEN name length 3 does not match the 20-byte payload");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readOpen(new byte[17]))
			.withMessage("STREAM_OPEN payload needs at least 18 bytes, got 17");
		byte[] negative = StreamFrames.open(1, 18, -2, "").payload();
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readOpen(negative))
			.withMessageStartingWith("STREAM_OPEN size 18446744073709551614 is neither");
	}

	@Test
	void chunkIsTheIdThenTheData() {
		byte[] data = "xxhelloxx".getBytes(StandardCharsets.UTF_8);
		Frame chunk = StreamFrames.chunk(5, data, 2, 5);
		assertThat(chunk.type()).isEqualTo(ControlCode.STREAM_CHUNK);
		assertThat(HEX.formatHex(chunk.payload())).isEqualTo("05 00 00 00 68 65 6c 6c 6f");
		assertThat(StreamFrames.idOf(chunk.payload())).isEqualTo(5);
		assertThat(StreamFrames.chunkLength(chunk.payload())).isEqualTo(5);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.chunkLength(new byte[4]))
			.withMessage("STREAM_CHUNK payload needs a stream id and at least one data byte, got 4 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.chunk(1, new byte[70_000], 0, 65_533));
		assertThat(StreamFrames.MAX_CHUNK_DATA).isEqualTo(65_532);
	}

	@Test
	void creditGrantsPositiveBytes() {
		Frame credit = StreamFrames.credit(5, 262_144);
		assertThat(HEX.formatHex(credit.payload())).isEqualTo("05 00 00 00 00 00 04 00");
		assertThat(StreamFrames.readCredit(credit.payload())).isEqualTo(262_144);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamFrames.readCredit(HEX.parseHex("05 00 00 00 00 00 00 80")))
			.withMessage("STREAM_CREDIT must grant 1 to 2^31-1 bytes, not 2147483648");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readCredit(new byte[7]))
			.withMessage("STREAM_CREDIT payload must be 8 bytes, got 7");
	}

	@Test
	void endCarriesLengthAndDigest() throws Exception {
		byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]);
		Frame end = StreamFrames.end(5, 1L << 30, sha);
		assertThat(HEX.formatHex(end.payload(), 0, 12)).isEqualTo("05 00 00 00 00 00 00 40 00 00 00 00");
		StreamFrames.End read = StreamFrames.readEnd(end.payload());
		assertThat(read.id()).isEqualTo(5);
		assertThat(read.length()).isEqualTo(1L << 30);
		assertThat(read.sha256()).isEqualTo(sha);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readEnd(new byte[43]))
			.withMessage("STREAM_END payload must be 44 bytes, got 43");
	}

	@Test
	void doneIsTheIdAlone() {
		assertThat(HEX.formatHex(StreamFrames.done(9).payload())).isEqualTo("09 00 00 00");
		assertThat(StreamFrames.readDone(StreamFrames.done(9).payload())).isEqualTo(9);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readDone(new byte[5]));
	}

	@Test
	void cancelSaysWhoWhyAndInWords() {
		Frame cancel = StreamFrames.cancel(9, false, StreamFrames.INTEGRITY, "bad");
		assertThat(HEX.formatHex(cancel.payload())).isEqualTo("09 00 00 00 01 03 62 61 64");
		assertThat(StreamFrames.readCancel(cancel.payload()))
			.isEqualTo(new StreamFrames.Cancel(9, false, StreamFrames.INTEGRITY, "bad"));
		// an unknown reason code reads as a plain cancellation
		assertThat(StreamFrames.readCancel(HEX.parseHex("09 00 00 00 00 63")).code()).isEqualTo(StreamFrames.CANCELLED);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamFrames.readCancel(HEX.parseHex("09 00 00 00 02 01")))
			.withMessage("STREAM_CANCEL side must be 0 or 1, got 2");
		assertThat(StreamFrames.readCancel(StreamFrames.cancel(1, true, 1, "x".repeat(600)).payload()).reason())
			.hasSize(512);
	}

	@Test
	void streamCodesAreNamedAndRecognised() {
		assertThat(ControlCode.describe(ControlCode.STREAM_OPEN)).isEqualTo("STREAM_OPEN");
		assertThat(ControlCode.describe(ControlCode.STREAM_CANCEL)).isEqualTo("STREAM_CANCEL");
		assertThat(ControlCode.isStream(0xFFFFFF10)).isTrue();
		assertThat(ControlCode.isStream(0xFFFFFF15)).isTrue();
		assertThat(ControlCode.isStream(0xFFFFFF16)).isTrue();
		assertThat(ControlCode.isStream(0xFFFFFF17)).isFalse();
		assertThat(ControlCode.isStream(ControlCode.ERROR)).isFalse();
		assertThat(ControlCode.isStream(0x10)).isFalse();
	}

}
