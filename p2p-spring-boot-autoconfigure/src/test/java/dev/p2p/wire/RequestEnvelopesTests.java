package dev.p2p.wire;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RequestEnvelopes}: the bytes of REQUEST, REPLY and ERROR payloads.
 */
class RequestEnvelopesTests {

	@Test
	void requestIsIdThenTypeLittleEndian() {
		Frame request = RequestEnvelopes.request(7, 10);
		assertThat(request.type()).isEqualTo(ControlCode.REQUEST);
		assertThat(HexFormat.of().formatHex(request.payload())).isEqualTo("070000000a000000");
		assertThat(RequestEnvelopes.idOf(request.payload())).isEqualTo(7);
		assertThat(RequestEnvelopes.announcedType(request)).isEqualTo(10);
	}

	@Test
	void replySaysWhetherItsFrameFollows() {
		Frame withFrame = RequestEnvelopes.reply(7, new Frame(11, new byte[0]));
		assertThat(HexFormat.of().formatHex(withFrame.payload())).isEqualTo("07000000010b000000");
		assertThat(RequestEnvelopes.replyFrameFollows(withFrame.payload())).isTrue();
		assertThat(RequestEnvelopes.announcedType(withFrame)).isEqualTo(11);
		Frame empty = RequestEnvelopes.reply(8, null);
		assertThat(HexFormat.of().formatHex(empty.payload())).isEqualTo("080000000000000000");
		assertThat(RequestEnvelopes.replyFrameFollows(empty.payload())).isFalse();
	}

	@Test
	void errorCarriesTypeAndMessage() {
		Frame error = RequestEnvelopes.error(9, "java.lang.IllegalStateException", "no ü here");
		assertThat(error.type()).isEqualTo(ControlCode.ERROR);
		assertThat(RequestEnvelopes.idOf(error.payload())).isEqualTo(9);
		assertThat(RequestEnvelopes.errorType(error.payload())).isEqualTo("java.lang.IllegalStateException");
		assertThat(RequestEnvelopes.errorMessage(error.payload())).isEqualTo("no ü here");
	}

	@Test
	void longErrorsAreCutOnACharacterBoundary() {
		String message = "é".repeat(RequestEnvelopes.MAX_ERROR_MESSAGE_LENGTH);
		Frame error = RequestEnvelopes.error(1, "T", message);
		String read = RequestEnvelopes.errorMessage(error.payload());
		assertThat(read).hasSize(RequestEnvelopes.MAX_ERROR_MESSAGE_LENGTH / 2).matches("é+");
	}

	@Test
	void malformedPayloadsAreRejectedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestEnvelopes.idOf(new byte[3]))
			.withMessageContaining("4-byte id");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestEnvelopes.replyFrameFollows(new byte[5]))
			.withMessageContaining("9 bytes");
		byte[] badFlag = RequestEnvelopes.reply(1, null).payload();
		badFlag[4] = 2;
		assertThatIllegalArgumentException().isThrownBy(() -> RequestEnvelopes.replyFrameFollows(badFlag))
			.withMessageContaining("flag");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RequestEnvelopes.announcedType(new Frame(ControlCode.REQUEST, new byte[4])))
			.withMessageContaining("8 bytes");
		byte[] overlong = RequestEnvelopes.error(1, "Type", "m").payload();
		overlong[4] = (byte) 0xFF;
		assertThatIllegalArgumentException().isThrownBy(() -> RequestEnvelopes.errorType(overlong))
			.withMessageContaining("runs past");
	}

}
