package dev.p2p.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FrameDecoder}, in the spirit of Netty's
 * {@code LengthFieldBasedFrameDecoderTest}.
 */
class FrameDecoderTests {

	/** {@code struct.pack("<II", 1, 6) + b"Hello!"} as produced by the Python original. */
	private static final byte[] HELLO_FRAME = HexFormat.of().parseHex("01000000" + "06000000" + "48656c6c6f21");

	private final FrameDecoder decoder = new FrameDecoder(1024, (type) -> true);

	@Test
	void decodesLittleEndianFrameExactlyAsPythonStructPackWritesIt() throws IOException {
		RecordingSink sink = new RecordingSink();
		ByteArrayInputStream in = new ByteArrayInputStream(HELLO_FRAME);

		assertThat(this.decoder.readFrame(in, sink)).isTrue();

		assertThat(sink.events).containsExactly("frame 1 Hello!");
		assertThat(in.available()).isZero();
	}

	@Test
	void readsEveryHeaderByteInLittleEndianOrder() throws IOException {
		// type 0x04030201, length 3
		byte[] wire = HexFormat.of().parseHex("01020304" + "03000000" + "616263");
		FrameDecoder acceptAll = new FrameDecoder(16, (type) -> true);
		List<Frame> frames = new ArrayList<>();

		acceptAll.readFrame(new ByteArrayInputStream(wire), sinkOf(frames));

		assertThat(frames).singleElement().satisfies((frame) -> {
			assertThat(frame.type()).isEqualTo(0x04030201);
			assertThat(frame.payload()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
		});
	}

	@Test
	void keepsTypeCodesAboveSignedRangeAsRawBits() throws IOException {
		byte[] wire = frame(0x80000001, new byte[] { 42 });
		List<Frame> frames = new ArrayList<>();

		this.decoder.readFrame(new ByteArrayInputStream(wire), sinkOf(frames));

		assertThat(frames).singleElement().satisfies((frame) -> {
			assertThat(Integer.toUnsignedLong(frame.type())).isEqualTo(2147483649L);
			assertThat(frame.payload()).containsExactly(42);
		});
	}

	@ParameterizedTest(name = "slices of {0} bytes")
	@ValueSource(ints = { 1, 2, 3, 7 })
	void decodesFrameDeliveredInPartialSlices(int sliceSize) throws IOException {
		byte[] large = pattern(300);
		byte[] wire = concat(HELLO_FRAME, frame(9, large), frame(2, Frame.EMPTY));
		SlicedInputStream in = new SlicedInputStream(wire, sliceSize);
		List<Frame> frames = new ArrayList<>();

		while (this.decoder.readFrame(in, sinkOf(frames))) {
			// read until the clean end
		}

		assertThat(frames).extracting(Frame::type).containsExactly(1, 9, 2);
		assertThat(frames.get(0).payload()).asString(StandardCharsets.US_ASCII).isEqualTo("Hello!");
		assertThat(frames.get(1).payload()).isEqualTo(large);
		assertThat(frames.get(2).payload()).isEmpty();
		assertThat(in.maxBytesPerRead).isLessThanOrEqualTo(sliceSize);
	}

	@Test
	void decodesFrameDeliveredOneByteAtATime() throws IOException {
		SlicedInputStream in = new SlicedInputStream(HELLO_FRAME, 1);
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readFrame(in, sink)).isTrue();
		assertThat(this.decoder.readFrame(in, sink)).isFalse();

		assertThat(sink.events).containsExactly("frame 1 Hello!");
	}

	@Test
	void readAvailableReturnsEveryFrameAlreadyBuffered() throws IOException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (int i = 0; i < 5; i++) {
			wire.write(frame(i, ("payload-" + i).getBytes(StandardCharsets.US_ASCII)));
		}
		ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
		RecordingSink sink = new RecordingSink();

		int count = this.decoder.readAvailable(in, sink, 100, Long.MAX_VALUE);

		assertThat(count).isEqualTo(5);
		assertThat(sink.events).containsExactly("frame 0 payload-0", "frame 1 payload-1", "frame 2 payload-2",
				"frame 3 payload-3", "frame 4 payload-4");
		assertThat(this.decoder.readAvailable(in, sink, 100, Long.MAX_VALUE)).isEqualTo(-1);
	}

	@Test
	void readAvailableStopsAtMaxFrames() throws IOException {
		byte[] wire = concat(frame(1, bytes("a")), frame(2, bytes("b")), frame(3, bytes("c")));
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(in, sink, 2, Long.MAX_VALUE)).isEqualTo(2);
		assertThat(sink.events).containsExactly("frame 1 a", "frame 2 b");

		assertThat(this.decoder.readAvailable(in, sink, 2, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(sink.events).containsExactly("frame 1 a", "frame 2 b", "frame 3 c");
	}

	@Test
	void readAvailableStopsOncePayloadBytesReachMaxBytes() throws IOException {
		byte[] ten = pattern(10);
		byte[] wire = concat(frame(1, ten), frame(2, ten), frame(3, ten), frame(4, ten));
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		List<Frame> frames = new ArrayList<>();

		int count = this.decoder.readAvailable(in, sinkOf(frames), 100, 15);

		assertThat(count).isEqualTo(2);
		assertThat(frames).extracting(Frame::type).containsExactly(1, 2);
		assertThat(in.available()).isEqualTo(2 * (FrameFormat.HEADER_SIZE + 10));
	}

	@Test
	void readAvailableCountsSkippedUnknownTypesAsFrames() throws IOException {
		FrameDecoder onlyOne = new FrameDecoder(64, (type) -> type == 1);
		byte[] wire = concat(frame(5, bytes("skip")), HELLO_FRAME);
		RecordingSink sink = new RecordingSink();

		int count = onlyOne.readAvailable(new ByteArrayInputStream(wire), sink, 100, Long.MAX_VALUE);

		assertThat(count).isEqualTo(2);
		assertThat(sink.events).containsExactly("unknown 5 4", "frame 1 Hello!");
	}

	@Test
	void readAvailableReadsOnlyOneFrameWhenNothingFurtherIsBuffered() throws IOException {
		// SlicedInputStream reports available() == 0, like a socket with nothing in its buffer
		SlicedInputStream in = new SlicedInputStream(concat(HELLO_FRAME, HELLO_FRAME), 64);
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(in, sink, 100, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(sink.events).containsExactly("frame 1 Hello!");
	}

	@Test
	void readAvailableDoesNotStartAFrameWhoseHeaderIsNotFullyBuffered() throws IOException {
		byte[] partialHeader = Arrays.copyOf(HELLO_FRAME, FrameFormat.HEADER_SIZE - 1);
		ByteArrayInputStream in = new ByteArrayInputStream(concat(HELLO_FRAME, partialHeader));
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(in, sink, 100, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(in.available()).isEqualTo(FrameFormat.HEADER_SIZE - 1);
	}

	@Test
	void readAvailableReturnsMinusOneOnEmptyStream() throws IOException {
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(new ByteArrayInputStream(new byte[0]), sink, 10, 100)).isEqualTo(-1);
		assertThat(sink.events).isEmpty();
	}

	@Test
	void rejectsLengthOverLimitNamingLengthAndLimitWithoutReadingPayload() throws IOException {
		FrameDecoder small = new FrameDecoder(16, (type) -> true);
		byte[] wire = frame(3, pattern(17));
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		RecordingSink sink = new RecordingSink();

		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> small.readFrame(in, sink))
			.withMessageContaining("17")
			.withMessageContaining("16")
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo(3);
				assertThat(ex.getLength()).isEqualTo(17);
				assertThat(ex.getMaxPayloadSize()).isEqualTo(16);
				assertThat(ex.getReason()).isEqualTo("oversize");
			});
		assertThat(in.available()).as("bytes left after the header").isEqualTo(17);
		assertThat(sink.events).isEmpty();
	}

	@Test
	void acceptsLengthExactlyAtLimit() throws IOException {
		FrameDecoder small = new FrameDecoder(16, (type) -> true);
		List<Frame> frames = new ArrayList<>();

		small.readFrame(new ByteArrayInputStream(frame(3, pattern(16))), sinkOf(frames));

		assertThat(frames).singleElement().extracting((frame) -> frame.payload().length).isEqualTo(16);
	}

	@Test
	void rejectsLengthWithTopBitSetAsOverLimit() throws IOException {
		byte[] wire = HexFormat.of().parseHex("01000000" + "ffffffff" + "0102030405");
		ByteArrayInputStream in = new ByteArrayInputStream(wire);

		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> this.decoder.readFrame(in, new RecordingSink()))
			.withMessageContaining("4294967295")
			.withMessageContaining("1024")
			.satisfies((ex) -> assertThat(ex.getLength()).isEqualTo(4294967295L));
		assertThat(in.available()).isEqualTo(5);
	}

	@Test
	void rejectsLengthWithTopBitSetEvenWhenLimitIsLargestInt() throws IOException {
		FrameDecoder unlimited = new FrameDecoder(Integer.MAX_VALUE, (type) -> true);
		byte[] wire = HexFormat.of().parseHex("01000000" + "00000080");

		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> unlimited.readFrame(new ByteArrayInputStream(wire), new RecordingSink()))
			.withMessageContaining("2147483648")
			.satisfies((ex) -> assertThat(ex.getLength()).isEqualTo(2147483648L));
	}

	@Test
	void checksLengthLimitBeforeSkippingUnknownType() throws IOException {
		FrameDecoder noneAccepted = new FrameDecoder(16, (type) -> false);
		ByteArrayInputStream in = new ByteArrayInputStream(frame(8, pattern(17)));
		RecordingSink sink = new RecordingSink();

		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> noneAccepted.readFrame(in, sink));
		assertThat(in.available()).isEqualTo(17);
		assertThat(sink.events).isEmpty();
	}

	@Test
	void skipsUnknownTypeThenDeliversNextFrame() throws IOException {
		FrameDecoder onlyOne = new FrameDecoder(64, (type) -> type == 1);
		byte[] wire = concat(frame(7, bytes("xxxxx")), HELLO_FRAME);
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		RecordingSink sink = new RecordingSink();

		assertThat(onlyOne.readFrame(in, sink)).isTrue();
		assertThat(onlyOne.readFrame(in, sink)).isTrue();
		assertThat(onlyOne.readFrame(in, sink)).isFalse();

		assertThat(sink.events).containsExactly("unknown 7 5", "frame 1 Hello!");
	}

	@ParameterizedTest(name = "slices of {0} bytes")
	@ValueSource(ints = { 1, 2, 3, 7 })
	void skipsUnknownTypeDeliveredInPartialSlices(int sliceSize) throws IOException {
		FrameDecoder onlyOne = new FrameDecoder(1024, (type) -> type == 1);
		byte[] wire = concat(frame(0xFFFFFF42, pattern(100)), HELLO_FRAME);
		SlicedInputStream in = new SlicedInputStream(wire, sliceSize);
		RecordingSink sink = new RecordingSink();

		while (onlyOne.readFrame(in, sink)) {
			// read until the clean end
		}

		assertThat(sink.events).containsExactly("unknown " + 0xFFFFFF42 + " 100", "frame 1 Hello!");
	}

	@Test
	void passesTypeCodeToPredicate() throws IOException {
		List<Integer> tested = new ArrayList<>();
		FrameDecoder recording = new FrameDecoder(64, (type) -> tested.add(type));

		recording.readFrame(new ByteArrayInputStream(frame(0xFFFFFF01, bytes("{}"))), new RecordingSink());

		assertThat(tested).containsExactly(0xFFFFFF01);
	}

	@ParameterizedTest(name = "cut after {0} header bytes")
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7 })
	void endOfStreamInsideHeaderIsTruncatedFrame(int headerBytes) {
		byte[] wire = Arrays.copyOf(HELLO_FRAME, headerBytes);
		RecordingSink sink = new RecordingSink();

		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readFrame(new ByteArrayInputStream(wire), sink))
			.withMessageContaining("header")
			.withMessageContaining("got " + headerBytes)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("truncated"))
			.satisfies((ex) -> assertThat(ex.getType()).isZero());
		assertThat(sink.events).isEmpty();
	}

	@Test
	void endOfStreamInsidePayloadIsTruncatedFrame() {
		byte[] wire = Arrays.copyOf(HELLO_FRAME, HELLO_FRAME.length - 1);
		RecordingSink sink = new RecordingSink();

		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readFrame(new SlicedInputStream(wire, 2), sink))
			.withMessageContaining("payload")
			.withMessageContaining("expected 6")
			.withMessageContaining("got 5")
			.satisfies((ex) -> assertThat(ex.getType()).isEqualTo(1));
		assertThat(sink.events).isEmpty();
	}

	@Test
	void endOfStreamRightAfterHeaderIsTruncatedFrame() {
		byte[] wire = Arrays.copyOf(HELLO_FRAME, FrameFormat.HEADER_SIZE);

		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readFrame(new ByteArrayInputStream(wire), new RecordingSink()))
			.withMessageContaining("payload");
	}

	@Test
	void endOfStreamInsideSkippedPayloadIsTruncatedFrame() {
		FrameDecoder noneAccepted = new FrameDecoder(64, (type) -> false);
		byte[] wire = Arrays.copyOf(HELLO_FRAME, HELLO_FRAME.length - 1);
		RecordingSink sink = new RecordingSink();

		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> noneAccepted.readFrame(new ByteArrayInputStream(wire), sink))
			.withMessageContaining("payload")
			.satisfies((ex) -> assertThat(ex.getType()).isEqualTo(1));
		assertThat(sink.events).isEmpty();
	}

	@Test
	void readAvailableStopsBeforeAnIncompleteFrameAndTheNextReadReportsTheTruncation() throws IOException {
		byte[] wire = concat(HELLO_FRAME, Arrays.copyOf(HELLO_FRAME, HELLO_FRAME.length - 2));
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(in, sink, 10, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(sink.events).containsExactly("frame 1 Hello!");
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.decoder.readAvailable(in, sink, 10, Long.MAX_VALUE));
	}

	@Test
	void readAvailableDoesNotWaitForAFrameWhoseHeaderIsBufferedButPayloadIsNot() throws IOException {
		// the second frame's header is here, its payload is still on its way: deliver the first now
		byte[] wire = concat(HELLO_FRAME, Arrays.copyOf(HELLO_FRAME, 10));
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readAvailable(new ByteArrayInputStream(wire), sink, 10, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(sink.events).containsExactly("frame 1 Hello!");
	}

	@Test
	void cleanEndBetweenFramesReturnsFalse() throws IOException {
		ByteArrayInputStream in = new ByteArrayInputStream(concat(HELLO_FRAME, HELLO_FRAME));
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readFrame(in, sink)).isTrue();
		assertThat(this.decoder.readFrame(in, sink)).isTrue();
		assertThat(this.decoder.readFrame(in, sink)).isFalse();
		assertThat(sink.events).hasSize(2);
	}

	@Test
	void emptyStreamReturnsFalseWithoutCallingSink() throws IOException {
		RecordingSink sink = new RecordingSink();

		assertThat(this.decoder.readFrame(new ByteArrayInputStream(new byte[0]), sink)).isFalse();
		assertThat(sink.events).isEmpty();
	}

	@Test
	void decodesZeroLengthPayloadAndStaysInStep() throws IOException {
		byte[] wire = concat(HexFormat.of().parseHex("03000000" + "00000000"), HELLO_FRAME);
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		List<Frame> frames = new ArrayList<>();

		this.decoder.readFrame(in, sinkOf(frames));
		this.decoder.readFrame(in, sinkOf(frames));

		assertThat(frames).extracting(Frame::type).containsExactly(3, 1);
		assertThat(frames.get(0).payload()).isEmpty();
		assertThat(frames.get(1).payload()).asString(StandardCharsets.US_ASCII).isEqualTo("Hello!");
	}

	@Test
	void sameDecoderGivesSameResultOnFreshStreams() throws IOException {
		byte[] wire = concat(HELLO_FRAME, frame(2, pattern(40)), frame(0xFFFFFF04, Frame.EMPTY));

		RecordingSink first = new RecordingSink();
		this.decoder.readAvailable(new ByteArrayInputStream(wire), first, 100, Long.MAX_VALUE);
		RecordingSink second = new RecordingSink();
		this.decoder.readAvailable(new ByteArrayInputStream(wire), second, 100, Long.MAX_VALUE);

		assertThat(first.events).hasSize(3);
		assertThat(second.events).isEqualTo(first.events);
	}

	@Test
	void decoderIsUsableOnFreshStreamAfterFailure() throws IOException {
		FrameDecoder small = new FrameDecoder(8, (type) -> true);
		byte[] wire = HexFormat.of().parseHex("01000000" + "03000000" + "616263");

		assertThatExceptionOfType(TruncatedFrameException.class).isThrownBy(
				() -> small.readFrame(new ByteArrayInputStream(Arrays.copyOf(wire, 10)), new RecordingSink()));
		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> small.readFrame(new ByteArrayInputStream(frame(1, pattern(9))), new RecordingSink()));
		RecordingSink sink = new RecordingSink();
		assertThat(small.readFrame(new ByteArrayInputStream(wire), sink)).isTrue();

		assertThat(sink.events).containsExactly("frame 1 abc");
	}

	@Test
	void limitsControlFramePayloadToMaxControlPayloadSize() throws IOException {
		FrameDecoder large = new FrameDecoder(1024 * 1024, (type) -> true);
		byte[] wire = frame(ControlCode.HELLO, pattern(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE + 1));
		ByteArrayInputStream in = new ByteArrayInputStream(wire);

		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> large.readFrame(in, new RecordingSink()))
			.withMessageContaining("HELLO")
			.withMessageContaining(String.valueOf(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE + 1))
			.withMessageContaining(String.valueOf(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE))
			.satisfies((ex) -> assertThat(ex.getMaxPayloadSize()).isEqualTo(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE));
		assertThat(in.available()).isEqualTo(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE + 1);
	}

	@Test
	void acceptsControlFrameOfExactlyMaxControlPayloadSize() throws IOException {
		FrameDecoder large = new FrameDecoder(1024 * 1024, (type) -> true);
		List<Frame> frames = new ArrayList<>();

		large.readFrame(new ByteArrayInputStream(frame(ControlCode.RESERVED_MIN,
				pattern(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE))), sinkOf(frames));

		assertThat(frames).singleElement()
			.extracting((frame) -> frame.payload().length)
			.isEqualTo(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE);
	}

	@Test
	void appliesControlLimitToWholeReservedRangeOnly() throws IOException {
		FrameDecoder large = new FrameDecoder(1024 * 1024, (type) -> true);
		byte[] payload = pattern(FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE + 1);
		List<Frame> frames = new ArrayList<>();

		large.readFrame(new ByteArrayInputStream(frame(0xFFFFFEFF, payload)), sinkOf(frames));

		assertThat(frames).singleElement().extracting(Frame::payload).isEqualTo(payload);
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(
				() -> large.readFrame(new ByteArrayInputStream(frame(0xFFFFFFFF, payload)), new RecordingSink()));
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(
				() -> large.readFrame(new ByteArrayInputStream(frame(0xFFFFFF00, payload)), new RecordingSink()));
	}

	@Test
	void controlLimitDoesNotShrinkWithASmallPayloadLimit() throws IOException {
		FrameDecoder small = new FrameDecoder(100, (type) -> true);
		List<Frame> frames = new ArrayList<>();

		small.readFrame(new ByteArrayInputStream(frame(ControlCode.HELLO, pattern(500))), sinkOf(frames));

		assertThat(frames).singleElement().extracting((frame) -> frame.payload().length).isEqualTo(500);
		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> small.readFrame(new ByteArrayInputStream(frame(7, pattern(101))),
					new RecordingSink()))
			.satisfies((ex) -> assertThat(ex.getMaxPayloadSize()).isEqualTo(100));
	}

	@ParameterizedTest(name = "maxPayloadSize {0}")
	@ValueSource(ints = { 0, -1, -4096, Integer.MIN_VALUE })
	void rejectsMaxPayloadSizeBelowOne(int maxPayloadSize) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameDecoder(maxPayloadSize, (type) -> true))
			.withMessageContaining("maxPayloadSize")
			.withMessageEndingWith("was " + maxPayloadSize);
	}

	@Test
	void acceptsMaxPayloadSizeOfOne() {
		assertThat(new FrameDecoder(1, (type) -> true).getMaxPayloadSize()).isEqualTo(1);
	}

	@Test
	void rejectsNullTypePredicate() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameDecoder(1024, null))
			.withMessageContaining("acceptedType")
			.withMessageContaining("null");
	}

	static byte[] frame(int type, byte[] payload) {
		byte[] wire = new byte[FrameFormat.HEADER_SIZE + payload.length];
		wire[0] = (byte) type;
		wire[1] = (byte) (type >>> 8);
		wire[2] = (byte) (type >>> 16);
		wire[3] = (byte) (type >>> 24);
		wire[4] = (byte) payload.length;
		wire[5] = (byte) (payload.length >>> 8);
		wire[6] = (byte) (payload.length >>> 16);
		wire[7] = (byte) (payload.length >>> 24);
		System.arraycopy(payload, 0, wire, FrameFormat.HEADER_SIZE, payload.length);
		return wire;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] pattern(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i * 31 + 7);
		}
		return bytes;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	static FrameSink sinkOf(List<Frame> frames) {
		return new FrameSink() {

			@Override
			public void onFrame(Frame frame) {
				frames.add(frame);
			}

			@Override
			public void onUnknownType(int type, int length) {
				throw new AssertionError("unexpected unknown type " + type + " of length " + length);
			}

		};
	}

	/**
	 * Records what the decoder hands on, as short strings; payloads are shown as text.
	 */
	static final class RecordingSink implements FrameSink {

		final List<String> events = new ArrayList<>();

		@Override
		public void onFrame(Frame frame) {
			this.events.add("frame " + frame.type() + " " + new String(frame.payload(), StandardCharsets.ISO_8859_1));
		}

		@Override
		public void onUnknownType(int type, int length) {
			this.events.add("unknown " + type + " " + length);
		}

	}

	/**
	 * Hands out at most {@code sliceSize} bytes per bulk read and one byte per single read,
	 * like a socket delivering a frame in several segments. Reports nothing as available.
	 */
	static final class SlicedInputStream extends InputStream {

		private final byte[] data;

		private final int sliceSize;

		private int position;

		int maxBytesPerRead;

		SlicedInputStream(byte[] data, int sliceSize) {
			this.data = data;
			this.sliceSize = sliceSize;
		}

		@Override
		public int read() {
			if (this.position >= this.data.length) {
				return -1;
			}
			this.maxBytesPerRead = Math.max(this.maxBytesPerRead, 1);
			return this.data[this.position++] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			if (this.position >= this.data.length) {
				return -1;
			}
			int count = Math.min(Math.min(length, this.sliceSize), this.data.length - this.position);
			System.arraycopy(this.data, this.position, buffer, offset, count);
			this.position += count;
			this.maxBytesPerRead = Math.max(this.maxBytesPerRead, count);
			return count;
		}

	}

}
