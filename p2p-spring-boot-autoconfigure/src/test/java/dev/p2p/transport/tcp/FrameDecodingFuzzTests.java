package dev.p2p.transport.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.p2p.fuzz.FuzzRun;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameDecodingException;
import dev.p2p.wire.FrameTooLargeException;
import dev.p2p.wire.TruncatedFrameException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the receive path a connection uses: bytes arriving in random pieces, read through
 * {@link ReadAheadInputStream} by {@link FrameBatchDeserializer} and {@link FrameDecoder},
 * batch after batch as a connection does. Every input is checked against a plain model of the
 * wire format (docs/PROTOCOL.md §2 and §4): the same frames and skipped frames in the same
 * order, then the same end (clean, truncated, or too large), and never another exception.
 * Inputs are frame sequences built from the format (known, unknown and control types, lengths
 * at and around the limits), then mutated byte by byte. See {@link FuzzRun} for long runs.
 */
class FrameDecodingFuzzTests {

	private static final int MAX_PAYLOAD = 4096;

	private static final int[] KNOWN_TYPES = { 0, 1, 2, 10, 11, 12 };

	private static final IntPredicate ACCEPTED = (type) -> Arrays.stream(KNOWN_TYPES).anyMatch((known) -> known == type)
			|| (type >= ControlCode.HELLO && type <= ControlCode.ERROR) || ControlCode.isMembership(type)
			|| ControlCode.isStream(type) || type == ControlCode.CHALLENGE || type == ControlCode.PROOF;

	private final FrameBatchDeserializer deserializer = new FrameBatchDeserializer(
			new FrameDecoder(MAX_PAYLOAD, ACCEPTED));

	@Test
	void decodesEveryInputLikeTheModelOfTheFormat() {
		FuzzRun.Report report = FuzzRun.configured("frame-decoder").run((random, index) -> {
			byte[] input = FuzzRun.mutate(random, frames(random));
			Outcome expected = model(input);
			Outcome actual = decode(input, random);
			assertThat(actual).as("decoding %s", hex(input)).isEqualTo(expected);
		});
		assertThat(report.heapGrowth()).as("the decoder keeps nothing between inputs").isLessThan(64L << 20);
	}

	/** A sequence of well-formed and boundary frames. */
	private static byte[] frames(Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int count = random.nextInt(6);
		for (int i = 0; i < count; i++) {
			int type = switch (random.nextInt(5)) {
				case 0 -> KNOWN_TYPES[random.nextInt(KNOWN_TYPES.length)];
				case 1 -> ControlCode.HELLO + random.nextInt(28);
				case 2 -> random.nextInt();
				default -> random.nextInt(20);
			};
			int payloadLength = switch (random.nextInt(8)) {
				case 0 -> 0;
				case 1 -> MAX_PAYLOAD;
				case 2 -> MAX_PAYLOAD + 1;
				default -> random.nextInt(64);
			};
			int announced = switch (random.nextInt(12)) {
				case 0 -> -1;
				case 1 -> Integer.MIN_VALUE;
				case 2 -> FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE + 1;
				case 3 -> payloadLength + 1 + random.nextInt(8);
				default -> payloadLength;
			};
			out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(announced).array());
			out.writeBytes(FuzzRun.randomBytes(random, payloadLength));
		}
		if (random.nextInt(8) == 0) {
			out.writeBytes(FuzzRun.randomBytes(random, random.nextInt(24)));
		}
		return out.toByteArray();
	}

	/** Decode as a connection does: batch after batch until the end or a failure. */
	private Outcome decode(byte[] input, Random random) {
		InputStream in = new ReadAheadInputStream(new PiecewiseInputStream(input, random), 1 + random.nextInt(64));
		List<String> seen = new ArrayList<>();
		for (int batches = 0; batches <= input.length; batches++) {
			InboundFrames batch;
			try {
				batch = this.deserializer.deserialize(in);
			}
			catch (SoftEndOfStreamException ex) {
				return new Outcome(seen, "end");
			}
			catch (FrameDecodingException ex) {
				return new Outcome(seen, ending(ex));
			}
			catch (IOException ex) {
				throw new AssertionError("unexpected I/O failure", ex);
			}
			record(batch, seen);
			if (batch.failure() != null) {
				return new Outcome(seen, ending(batch.failure()));
			}
		}
		throw new AssertionError("no progress: more batches than input bytes");
	}

	/** The batch's frames and skipped frames, in stream order. */
	private static void record(InboundFrames batch, List<String> seen) {
		List<String> inBatch = new ArrayList<>();
		batch.frames().forEach((frame) -> inBatch.add(frame(frame.type(), frame.payload())));
		List<InboundFrames.SkippedFrame> skipped = batch.skipped();
		for (int i = skipped.size() - 1; i >= 0; i--) {
			InboundFrames.SkippedFrame frame = skipped.get(i);
			inBatch.add(frame.position(), skipped(frame.type(), frame.length()));
		}
		seen.addAll(inBatch);
	}

	private static String ending(FrameDecodingException ex) {
		if (ex instanceof FrameTooLargeException tooLarge) {
			return "too-large " + Integer.toHexString(tooLarge.getType());
		}
		assertThat(ex).isInstanceOf(TruncatedFrameException.class);
		return "truncated";
	}

	/** The wire format, read the plain way. */
	private static Outcome model(byte[] input) {
		ByteBuffer buffer = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
		List<String> seen = new ArrayList<>();
		while (buffer.hasRemaining()) {
			if (buffer.remaining() < 8) {
				return new Outcome(seen, "truncated");
			}
			int type = buffer.getInt();
			long length = Integer.toUnsignedLong(buffer.getInt());
			long limit = ControlCode.isReserved(type) ? FrameDecoder.MAX_CONTROL_PAYLOAD_SIZE : MAX_PAYLOAD;
			if (length > limit) {
				return new Outcome(seen, "too-large " + Integer.toHexString(type));
			}
			if (buffer.remaining() < length) {
				return new Outcome(seen, "truncated");
			}
			byte[] payload = new byte[(int) length];
			buffer.get(payload);
			seen.add(ACCEPTED.test(type) ? frame(type, payload) : skipped(type, (int) length));
		}
		return new Outcome(seen, "end");
	}

	private static String frame(int type, byte[] payload) {
		return "frame " + Integer.toHexString(type) + " " + hex(payload);
	}

	private static String skipped(int type, int length) {
		return "skipped " + Integer.toHexString(type) + " " + length;
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder(bytes.length * 2);
		for (byte b : bytes) {
			hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
		}
		return hex.toString();
	}

	private record Outcome(List<String> frames, String end) {
	}

	/** Hands its bytes out in random pieces, as a socket does. */
	private static final class PiecewiseInputStream extends InputStream {

		private final byte[] bytes;

		private final Random random;

		private int position;

		private int pieceEnd;

		PiecewiseInputStream(byte[] bytes, Random random) {
			this.bytes = bytes;
			this.random = random;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			if (this.position >= this.bytes.length) {
				return -1;
			}
			if (length == 0) {
				return 0;
			}
			if (this.position >= this.pieceEnd) {
				this.pieceEnd = Math.min(this.bytes.length, this.position + 1 + this.random.nextInt(48));
			}
			int count = Math.min(length, this.pieceEnd - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, count);
			this.position += count;
			return count;
		}

		@Override
		public int available() {
			return Math.max(0, this.pieceEnd - this.position);
		}

	}

}
