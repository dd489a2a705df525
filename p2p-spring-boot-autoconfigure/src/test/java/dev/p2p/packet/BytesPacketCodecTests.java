package dev.p2p.packet;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BytesPacketCodec}.
 */
class BytesPacketCodecTests {

	private final BytesPacketCodec codec = new BytesPacketCodec();

	@Test
	void isNamedBytes() {
		assertThat(this.codec.name()).isEqualTo("bytes");
	}

	@Test
	void passesByteArraysThroughUnchanged() {
		byte[] payload = { 1, 2, 3, (byte) 0xFF };

		assertThat(this.codec.encode(payload)).isSameAs(payload);
		assertThat(this.codec.decode(payload, byte[].class)).isSameAs(payload);
	}

	@Test
	void encodesRemainingBytesOfByteBufferWithoutConsumingIt() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 9, 8, 7, 6, 5 });
		buffer.position(1).limit(4);

		byte[] encoded = this.codec.encode(buffer);

		assertThat(encoded).containsExactly(8, 7, 6);
		assertThat(buffer.position()).isEqualTo(1);
		assertThat(buffer.remaining()).isEqualTo(3);
	}

	@Test
	void decodesIntoReadOnlyByteBuffer() {
		Object decoded = this.codec.decode(new byte[] { 4, 5, 6 }, ByteBuffer.class);

		assertThat(decoded).isInstanceOfSatisfying(ByteBuffer.class, (buffer) -> {
			assertThat(buffer.isReadOnly()).isTrue();
			assertThat(buffer.remaining()).isEqualTo(3);
			assertThat(buffer.get(0)).isEqualTo((byte) 4);
			assertThat(buffer.get(2)).isEqualTo((byte) 6);
			assertThatExceptionOfType(ReadOnlyBufferException.class).isThrownBy(() -> buffer.put(0, (byte) 1));
		});
	}

	@Test
	void decodesIntoByteArrayForObjectParameters() {
		byte[] payload = { 1 };

		assertThat(this.codec.decode(payload, Object.class)).isSameAs(payload);
	}

	@Test
	void decodesOnlyBinaryTypes() {
		assertThat(this.codec.canDecode(byte[].class)).isTrue();
		assertThat(this.codec.canDecode(ByteBuffer.class)).isTrue();
		assertThat(this.codec.canDecode(Object.class)).isTrue();
		assertThat(this.codec.canDecode(String.class)).isFalse();
		assertThat(this.codec.canDecode(Byte[].class)).isFalse();
	}

	@Test
	void rejectsOtherPayloadsNamingTheirClass() {
		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.encode("text"))
			.withMessageContaining("bytes")
			.withMessageContaining("java.lang.String");
	}

}
