package dev.p2p.packet;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StringPacketCodec}.
 */
class StringPacketCodecTests {

	private final StringPacketCodec codec = new StringPacketCodec();

	@Test
	void isNamedString() {
		assertThat(this.codec.name()).isEqualTo("string");
	}

	@Test
	void encodesAsUtf8() {
		assertThat(HexFormat.of().formatHex(this.codec.encode("hé€😀")))
			.isEqualTo("68" + "c3a9" + "e282ac" + "f09f9880");
	}

	@Test
	void roundTripsNonAsciiText() {
		String text = "Grüße, мир, 世界 😀 ✓";

		assertThat(this.codec.decode(this.codec.encode(text), String.class)).isEqualTo(text);
	}

	@Test
	void decodesUtf8Bytes() {
		byte[] payload = HexFormat.of().parseHex("c3bc" + "6e69" + "636f6465");

		assertThat(this.codec.decode(payload, CharSequence.class)).isEqualTo("ünicode");
	}

	@Test
	void encodesAnyCharSequence() {
		assertThat(this.codec.encode(new StringBuilder("ab"))).containsExactly('a', 'b');
	}

	@Test
	void passesByteArraysThrough() {
		byte[] payload = { 1, 2 };

		assertThat(this.codec.encode(payload)).isSameAs(payload);
	}

	@Test
	void roundTripsEmptyText() {
		assertThat(this.codec.encode("")).isEmpty();
		assertThat(this.codec.decode(new byte[0], String.class)).isEqualTo("");
	}

	@Test
	void decodesOnlyTextTypes() {
		assertThat(this.codec.canDecode(String.class)).isTrue();
		assertThat(this.codec.canDecode(CharSequence.class)).isTrue();
		assertThat(this.codec.canDecode(Object.class)).isTrue();
		assertThat(this.codec.canDecode(Integer.class)).isFalse();
		assertThat(this.codec.canDecode(byte[].class)).isFalse();
	}

	@Test
	void rejectsOtherPayloadsNamingTheirClass() {
		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.encode(42))
			.withMessageContaining("string")
			.withMessageContaining("java.lang.Integer");
	}

}
