package dev.p2p.reach;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.reach.HolePunchFrames.Connect;
import dev.p2p.reach.HolePunchFrames.DialBack;
import dev.p2p.reach.HolePunchFrames.Join;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The hole-punching and dial-back frames' payloads, byte by byte, and their refusals.
 */
class HolePunchFramesTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void connectCarriesAttemptTokenHalfAndAddresses() throws Exception {
		byte[] half = new byte[16];
		Arrays.fill(half, (byte) 0xab);
		List<ReachableAddress> addresses = List
			.of(new ReachableAddress(InetAddress.getByName("10.77.0.2"), 5005, AddressKind.OBSERVED));
		Frame frame = HolePunchFrames.connect(new Connect(1, half, addresses));
		assertThat(frame.type()).isEqualTo(ControlCode.PUNCH_CONNECT);
		assertThat(HEX.formatHex(frame.payload())).isEqualTo("01 " + "ab ".repeat(16) + "01 04 01 0a 4d 00 02 8d 13");
		Connect read = HolePunchFrames.readConnect(frame.payload());
		assertThat(read.attempt()).isEqualTo(1);
		assertThat(read.tokenHalf()).isEqualTo(half);
		assertThat(read.addresses()).isEqualTo(addresses);
		for (int length = 0; length < frame.payload().length; length++) {
			byte[] cut = Arrays.copyOf(frame.payload(), length);
			assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readConnect(cut))
				.withMessageContaining("PUNCH_CONNECT");
		}
		byte[] fourth = frame.payload().clone();
		fourth[0] = 4;
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readConnect(fourth))
			.withMessage("PUNCH_CONNECT attempt must be 1 to 3, not 4");
	}

	@Test
	void syncIsTheAttempt() {
		assertThat(HolePunchFrames.sync(2).payload()).containsExactly(2);
		assertThat(HolePunchFrames.readSync(new byte[] { 3 })).isEqualTo(3);
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readSync(new byte[] { 0 }))
			.withMessage("PUNCH_SYNC attempt must be 1 to 3, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readSync(new byte[2]))
			.withMessage("PUNCH_SYNC payload must be 1 byte, got 2");
	}

	@Test
	void joinCarriesNodeIdAndTheWholeToken() {
		byte[] token = new byte[32];
		token[31] = 7;
		Frame frame = HolePunchFrames.join(new Join("a", token));
		assertThat(HEX.formatHex(frame.payload(), 0, 2)).isEqualTo("01 61");
		Join read = HolePunchFrames.readJoin(frame.payload());
		assertThat(read.nodeId()).isEqualTo("a");
		assertThat(read.token()).isEqualTo(token);
		byte[] longer = Arrays.copyOf(frame.payload(), frame.payload().length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readJoin(longer))
			.withMessage("PUNCH_JOIN needs a 32-byte token after the node id, got 33 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.join(new Join("a", new byte[16])))
			.withMessage("a join token has 32 bytes, not 16");
	}

	@Test
	void pathSwitchCountsTheRelayedFrames() {
		Frame frame = HolePunchFrames.pathSwitch(100_000);
		assertThat(HEX.formatHex(frame.payload())).isEqualTo("a0 86 01 00 00 00 00 00");
		assertThat(HolePunchFrames.readPathSwitch(frame.payload())).isEqualTo(100_000);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HolePunchFrames.readPathSwitch(HEX.parseHex("00 00 00 00 00 00 00 80")))
			.withMessage("PATH_SWITCH count 9223372036854775808 is above 2^63-1");
	}

	@Test
	void dialBackRequestResultAndProbeShareTheNonce() throws Exception {
		List<ReachableAddress> candidate = List
			.of(new ReachableAddress(InetAddress.getByName("fd77::2"), 5005, AddressKind.OBSERVED));
		DialBack request = HolePunchFrames.readDialBack(HolePunchFrames.dialBack(42, candidate).payload());
		assertThat(request).isEqualTo(new DialBack(42, HolePunchFrames.REACHED, candidate));
		DialBack reached = new DialBack(42, HolePunchFrames.REACHED, candidate);
		assertThat(HolePunchFrames.readDialBackResult(HolePunchFrames.dialBackResult(reached).payload()))
			.isEqualTo(reached);
		assertThat(HolePunchFrames.readDialBackResult(HEX.parseHex("2a 00 00 00 00 00 00 00 09 00")))
			.isEqualTo(new DialBack(42, HolePunchFrames.UNREACHABLE, List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HolePunchFrames.readDialBackResult(HEX.parseHex("2a 00 00 00 00 00 00 00 00 00")))
			.withMessage("DIAL_BACK_RESULT 'reached' must name one address, not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HolePunchFrames.readDialBack(HEX.parseHex("2a 00 00 00 00 00 00 00 00")))
			.withMessage("DIAL_BACK has no address to dial");
		assertThat(HolePunchFrames.readProbe(HolePunchFrames.probe(42).payload())).isEqualTo(42);
		assertThatIllegalArgumentException().isThrownBy(() -> HolePunchFrames.readProbe(new byte[7]))
			.withMessage("DIAL_BACK_PROBE payload must be 8 bytes, got 7");
	}

}
