package dev.p2p.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ControlCode}.
 */
class ControlCodeTests {

	@ParameterizedTest(name = "code {0}")
	@ValueSource(ints = { 0xFFFFFF00, 0xFFFFFF01, 0xFFFFFF04, 0xFFFFFF80, 0xFFFFFFFE, 0xFFFFFFFF })
	void treatsTopOfUnsignedRangeAsReserved(int code) {
		assertThat(ControlCode.isReserved(code)).isTrue();
	}

	@ParameterizedTest(name = "code {0}")
	@ValueSource(ints = { 0, 1, 100_000, Integer.MAX_VALUE, 0x80000000, 0xFFFFFEFF })
	void treatsEverythingBelowReservedMinAsApplicationCode(int code) {
		assertThat(ControlCode.isReserved(code)).isFalse();
	}

	@Test
	void reservesTheControlFrameCodes() {
		assertThat(ControlCode.RESERVED_MIN).isEqualTo(0xFFFFFF00);
		assertThat(ControlCode.isReserved(ControlCode.HELLO)).isTrue();
		assertThat(ControlCode.isReserved(ControlCode.ACCEPT)).isTrue();
		assertThat(ControlCode.isReserved(ControlCode.DENY)).isTrue();
		assertThat(ControlCode.isReserved(ControlCode.BYE)).isTrue();
	}

	@Test
	void describesControlFramesByName() {
		assertThat(ControlCode.describe(ControlCode.HELLO)).isEqualTo("HELLO");
		assertThat(ControlCode.describe(ControlCode.ACCEPT)).isEqualTo("ACCEPT");
		assertThat(ControlCode.describe(ControlCode.DENY)).isEqualTo("DENY");
		assertThat(ControlCode.describe(ControlCode.BYE)).isEqualTo("BYE");
	}

	@Test
	void membershipCodesLieInTheirRangeAndHaveNames() {
		assertThat(ControlCode.PING).isEqualTo(0xFFFFFF09);
		assertThat(ControlCode.PEERS).isLessThanOrEqualTo(ControlCode.MEMBERSHIP_MAX);
		assertThat(ControlCode.isMembership(ControlCode.PONG)).isTrue();
		assertThat(ControlCode.isMembership(ControlCode.ERROR)).isFalse();
		assertThat(ControlCode.isMembership(ControlCode.MEMBERSHIP_MAX)).isFalse();
		assertThat(ControlCode.isBuiltInCommand(ControlCode.GET_PEERS)).isTrue();
		assertThat(ControlCode.isBuiltInCommand(ControlCode.PEERS)).isFalse();
		assertThat(ControlCode.isBuiltInReply(ControlCode.FUNCS)).isTrue();
		assertThat(ControlCode.describe(ControlCode.GET_FUNCS)).isEqualTo("GET_FUNCS");
		assertThat(ControlCode.describe(ControlCode.PONG)).isEqualTo("PONG");
	}

	@Test
	void describesOtherReservedCodesInHex() {
		assertThat(ControlCode.describe(0xFFFFFF00)).isEqualTo("CONTROL(0xffffff00)");
		assertThat(ControlCode.describe(0xFFFFFFFF)).isEqualTo("CONTROL(0xffffffff)");
	}

	@Test
	void describesApplicationCodesAsUnsignedDecimal() {
		assertThat(ControlCode.describe(0)).isEqualTo("0");
		assertThat(ControlCode.describe(100)).isEqualTo("100");
		assertThat(ControlCode.describe(0x80000000)).isEqualTo("2147483648");
		assertThat(ControlCode.describe(0xFFFFFEFF)).isEqualTo("4294967039");
	}

}
