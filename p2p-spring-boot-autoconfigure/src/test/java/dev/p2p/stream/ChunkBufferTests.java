package dev.p2p.stream;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.StreamFrames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ChunkBuffer} without sockets or threads: the sender's credit, the order of chunks,
 * the end frame, and what a finished stream does with chunks still on their way.
 */
class ChunkBufferTests {

	private final ChunkBuffer buffer = new ChunkBuffer(3, 10, System.nanoTime());

	@Test
	void chunksWithinTheCreditAreTakenInOrderThenTheEnd() throws IOException {
		byte[] first = chunk(4);
		byte[] second = chunk(6);
		assertThat(this.buffer.add(first)).isNull();
		assertThat(this.buffer.add(second)).isNull();
		StreamFrames.End end = new StreamFrames.End(3, 10, new byte[32]);
		assertThat(this.buffer.ended(end)).isNull();
		assertThat(this.buffer.allArrivedAndTaken()).isFalse();
		assertThat(this.buffer.take()).isSameAs(first);
		assertThat(this.buffer.take()).isSameAs(second);
		assertThat(this.buffer.take()).isNull();
		assertThat(this.buffer.end()).isSameAs(end);
		assertThat(this.buffer.allArrivedAndTaken()).isTrue();
		assertThat(this.buffer.received()).isEqualTo(10);
	}

	@Test
	void aChunkBeyondTheCreditIsAViolationUntilMoreIsGranted() {
		assertThat(this.buffer.add(chunk(8))).isNull();
		assertThat(this.buffer.add(chunk(3))).isEqualTo(
				"stream 3 sent 1 bytes beyond the credit it was granted (window 10 bytes)");
		assertThat(this.buffer.credit(8)).isTrue();
		assertThat(this.buffer.add(chunk(3))).isNull();
	}

	@Test
	void aChunkAfterTheEndOrASecondEndIsAViolation() {
		StreamFrames.End end = new StreamFrames.End(3, 0, new byte[32]);
		assertThat(this.buffer.ended(end)).isNull();
		assertThat(this.buffer.add(chunk(1))).isEqualTo("STREAM_CHUNK for stream 3 after its STREAM_END");
		assertThat(this.buffer.ended(end)).isEqualTo("second STREAM_END for stream 3");
	}

	@Test
	void aFailedStreamThrowsOnTakeDropsLateChunksAndGrantsNothing() {
		this.buffer.add(chunk(2));
		assertThat(this.buffer.fail("cancelled by the sender")).isTrue();
		assertThat(this.buffer.fail("again")).isFalse();
		assertThat(this.buffer.finish()).isFalse();
		assertThatExceptionOfType(IOException.class).isThrownBy(this.buffer::take)
			.withMessage("cancelled by the sender");
		assertThat(this.buffer.add(chunk(2))).as("a chunk that was on its way").isNull();
		assertThat(this.buffer.received()).isEqualTo(4);
		assertThat(this.buffer.credit(4)).isFalse();
		assertThat(this.buffer.idleSince(System.nanoTime())).isFalse();
	}

	@Test
	void anOpenStreamWithNothingToTakeIsIdleSinceItsLastArrival() {
		long before = System.nanoTime();
		ChunkBuffer fresh = new ChunkBuffer(1, 10, before);
		assertThat(fresh.idleSince(before + 1)).isTrue();
		fresh.add(chunk(1));
		assertThat(fresh.idleSince(before + 1)).as("a chunk waits to be taken").isFalse();
	}

	private static byte[] chunk(int dataBytes) {
		return new byte[StreamFrames.CHUNK_HEADER_SIZE + dataBytes];
	}

}
