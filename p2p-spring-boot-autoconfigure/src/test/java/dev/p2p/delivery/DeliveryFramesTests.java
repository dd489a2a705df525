package dev.p2p.delivery;

import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.p2p.delivery.DeliveryFrames.Resume;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliveryFramesTests {

	@Test
	void ackIsEightBytesLittleEndian() {
		Frame ack = DeliveryFrames.ack(0x0102030405L);
		assertThat(ack.type()).isEqualTo(ControlCode.ACK);
		assertThat(HexFormat.of().formatHex(ack.payload())).isEqualTo("0504030201000000");
		assertThat(DeliveryFrames.readAck(ack.payload())).isEqualTo(0x0102030405L);
	}

	@Test
	void resumeIsFortyBytesAndReadsBack() {
		UUID mine = new UUID(0x0011223344556677L, 0x8899aabbccddeeffL);
		Resume resume = new Resume(mine, DeliveryFrames.NO_SESSION, 7);
		Frame frame = DeliveryFrames.resume(resume);
		assertThat(frame.type()).isEqualTo(ControlCode.RESUME);
		assertThat(HexFormat.of().formatHex(frame.payload())).isEqualTo("7766554433221100" + "ffeeddccbbaa9988"
				+ "0000000000000000" + "0000000000000000" + "0700000000000000");
		assertThat(DeliveryFrames.readResume(frame.payload())).isEqualTo(resume);
	}

	@Test
	void payloadsOfAnotherLengthAreMalformed() {
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryFrames.readAck(new byte[7]))
			.withMessageContaining("8 bytes, got 7");
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryFrames.readResume(new byte[41]))
			.withMessageContaining("40 bytes, got 41");
	}

	@Test
	void positionsAbove63BitsAreMalformed() {
		byte[] payload = HexFormat.of().parseHex("ffffffffffffffff");
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryFrames.readAck(payload))
			.withMessageContaining("18446744073709551615");
	}

	@Test
	void deliveryCodesAreNamedAndInTheirRange() {
		assertThat(ControlCode.describe(ControlCode.ACK)).isEqualTo("ACK");
		assertThat(ControlCode.describe(ControlCode.RESUME)).isEqualTo("RESUME");
		assertThat(ControlCode.isDelivery(0xFFFFFF1A)).isTrue();
		assertThat(ControlCode.isDelivery(0xFFFFFF1B)).isTrue();
		assertThat(ControlCode.isDelivery(0xFFFFFF1C)).isFalse();
	}

}
