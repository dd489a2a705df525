package dev.p2p.reach;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.reach.RelayFrames.Circuit;
import dev.p2p.reach.RelayFrames.Refusal;
import dev.p2p.reach.RelayFrames.Reservation;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The relay frames' payloads, byte by byte, and their refusals of malformed input.
 */
class RelayFramesTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void reserveAsksForALifetime() {
		Frame reserve = RelayFrames.reserve(3600);
		assertThat(reserve.type()).isEqualTo(ControlCode.RESERVE);
		assertThat(HEX.formatHex(reserve.payload())).isEqualTo("10 0e 00 00");
		assertThat(RelayFrames.readReserve(reserve.payload())).isEqualTo(3600);
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readReserve(new byte[3]))
			.withMessage("RESERVE payload must be 4 bytes, got 3");
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readReserve(HEX.parseHex("00 00 00 80")))
			.withMessage("RESERVE lifetime 2147483648 s is above 2^31-1");
	}

	@Test
	void reserveOkCarriesLimitsAndWhereTheRelaySeesTheNode() throws Exception {
		Reservation granted = new Reservation(3600, 120, 1L << 27,
				List.of(new ReachableAddress(InetAddress.getByName("10.77.0.1"), 7000, AddressKind.OBSERVED)));
		Frame frame = RelayFrames.reserveOk(granted);
		assertThat(HEX.formatHex(frame.payload()))
			.isEqualTo("10 0e 00 00 78 00 00 00 00 00 00 08 00 00 00 00 01 04 01 0a 4d 00 01 58 1b");
		assertThat(RelayFrames.readReserveOk(frame.payload())).isEqualTo(granted);
		byte[] payload = frame.payload();
		for (int length = 0; length < payload.length; length++) {
			byte[] cut = Arrays.copyOf(payload, length);
			assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readReserveOk(cut))
				.withMessageContaining("RESERVE_OK");
		}
		byte[] longer = Arrays.copyOf(payload, payload.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readReserveOk(longer))
			.withMessage("RESERVE_OK has 1 bytes after its end");
	}

	@Test
	void refusalsAndClosesCarryTheCircuitAReasonAndText() {
		Frame refused = RelayFrames.refused(new Refusal(7, RelayReason.NO_RESERVATION, "no such node"));
		assertThat(refused.type()).isEqualTo(ControlCode.RELAY_REFUSED);
		assertThat(HEX.formatHex(refused.payload(), 0, 5)).isEqualTo("07 00 00 00 02");
		assertThat(RelayFrames.readRefusal(refused.payload()))
			.isEqualTo(new Refusal(7, RelayReason.NO_RESERVATION, "no such node"));
		Frame close = RelayFrames.close(new Refusal(7, RelayReason.UPGRADED, "é".repeat(400)));
		assertThat(close.type()).isEqualTo(ControlCode.CIRCUIT_CLOSE);
		assertThat(RelayFrames.readRefusal(close.payload()).text()).isEqualTo("é".repeat(256));
		assertThat(RelayFrames.readRefusal(HEX.parseHex("01 00 00 00 ff")).reason()).isEqualTo(RelayReason.NORMAL);
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readRefusal(new byte[4]))
			.withMessage("RELAY_REFUSED/CIRCUIT_CLOSE payload needs at least 5 bytes, got 4");
	}

	@Test
	void openNamesTheTargetByNodeId() {
		Frame open = RelayFrames.open(7, "node-b");
		assertThat(open.type()).isEqualTo(ControlCode.CIRCUIT_OPEN);
		assertThat(HEX.formatHex(open.payload())).isEqualTo("07 00 00 00 06 6e 6f 64 65 2d 62");
		assertThat(RelayFrames.readOpen(open.payload())).isEqualTo(new Circuit(7, "node-b", 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readOpen(HEX.parseHex("07 00 00 00 09 6e")))
			.withMessage("CIRCUIT_OPEN node id of 9 bytes does not fit the 1 bytes left");
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readOpen(HEX.parseHex("07 00 00 00 00 6e")))
			.withMessage("CIRCUIT_OPEN node id of 0 bytes does not fit the 1 bytes left");
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.open(1, "x".repeat(256)))
			.withMessage("a node id has 1 to 255 UTF-8 bytes, not 256");
	}

	@Test
	void incomingAndAcceptCarryTheLimits() {
		Circuit incoming = new Circuit(3, "node-a", 120, 1L << 27);
		Frame frame = RelayFrames.incoming(incoming);
		assertThat(frame.type()).isEqualTo(ControlCode.CIRCUIT_INCOMING);
		assertThat(RelayFrames.readIncoming(frame.payload())).isEqualTo(incoming);
		byte[] shorter = Arrays.copyOf(frame.payload(), frame.payload().length - 1);
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.readIncoming(shorter))
			.withMessage("CIRCUIT_INCOMING needs 12 bytes of limits after the node id, got 11");
		Frame accept = RelayFrames.accept(3, 120, 0);
		assertThat(HEX.formatHex(accept.payload())).isEqualTo("03 00 00 00 78 00 00 00 00 00 00 00 00 00 00 00");
		assertThat(RelayFrames.readAccept(accept.payload())).isEqualTo(new Circuit(3, "", 120, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RelayFrames.readAccept(HEX.parseHex("03 00 00 00 ff ff ff ff 00 00 00 00 00 00 00 00")))
			.withMessage("CIRCUIT_ACCEPT limits must not be negative: 4294967295 s, 0 bytes");
	}

	@Test
	void dataAndCreditCarryTheEndToEndBytes() {
		byte[] bytes = "xxhelloxx".getBytes(StandardCharsets.UTF_8);
		Frame data = RelayFrames.data(9, bytes, 2, 5);
		assertThat(HEX.formatHex(data.payload())).isEqualTo("09 00 00 00 68 65 6c 6c 6f");
		assertThat(RelayFrames.circuitOf(data.payload())).isEqualTo(9);
		assertThat(RelayFrames.dataLength(data.payload())).isEqualTo(5);
		assertThat(RelayFrames.MAX_DATA).isEqualTo(65_532);
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.data(9, new byte[70_000], 0, 65_533));
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.dataLength(new byte[4]))
			.withMessage("CIRCUIT_DATA payload needs a circuit id and at least one byte, got 4 bytes");
		Frame credit = RelayFrames.credit(9, 262_144);
		assertThat(RelayFrames.readCredit(credit.payload())).isEqualTo(262_144);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RelayFrames.readCredit(HEX.parseHex("09 00 00 00 00 00 00 00")))
			.withMessage("CIRCUIT_CREDIT must grant 1 to 2^31-1 bytes, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RelayFrames.circuitOf(new byte[3]))
			.withMessage("a circuit frame needs a 4-byte circuit id, got 3 bytes");
	}

	@Test
	void theNewCodesAreNamedAndInTheirRanges() {
		assertThat(ControlCode.describe(ControlCode.CIRCUIT_DATA)).isEqualTo("CIRCUIT_DATA");
		assertThat(ControlCode.isRelay(ControlCode.CIRCUIT_CLOSE)).isTrue();
		assertThat(ControlCode.isRelay(ControlCode.PUNCH_CONNECT)).isFalse();
		assertThat(ControlCode.isReach(ControlCode.DIAL_BACK_PROBE)).isTrue();
		assertThat(ControlCode.isReach(ControlCode.PROOF)).isFalse();
	}

}
