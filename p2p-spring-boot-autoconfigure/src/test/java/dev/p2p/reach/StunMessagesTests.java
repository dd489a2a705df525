package dev.p2p.reach;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * STUN binding messages, with the transaction id, SOFTWARE attribute and XOR-MAPPED-ADDRESS
 * values of the RFC 5769 sample responses (§2.2, §2.3; their MESSAGE-INTEGRITY and FINGERPRINT
 * attributes are left out, since a binding client without credentials skips them).
 */
class StunMessagesTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final byte[] TRANSACTION = HEX.parseHex("b7e7a701bc34d686fa87dfae");

	private static final String SOFTWARE = "8022000b" + "7465737420766563746f7220";

	@Test
	void aRequestIsTheBareHeader() {
		assertThat(HEX.formatHex(StunMessages.bindingRequest(TRANSACTION)))
			.isEqualTo("000100002112a442b7e7a701bc34d686fa87dfae");
	}

	@Test
	void readsTheRfc5769Ipv4MappedAddress() throws Exception {
		byte[] response = HEX.parseHex("0101001c2112a442b7e7a701bc34d686fa87dfae" + SOFTWARE
				+ "002000080001a147e112a643");
		assertThat(StunMessages.readBindingResponse(response, TRANSACTION))
			.isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
	}

	@Test
	void readsTheRfc5769Ipv6MappedAddress() throws Exception {
		byte[] response = HEX.parseHex("010100282112a442b7e7a701bc34d686fa87dfae" + SOFTWARE
				+ "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9");
		assertThat(StunMessages.readBindingResponse(response, TRANSACTION)).isEqualTo(
				new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
	}

	@Test
	void malformedResponsesAreRefused() {
		String header = "2112a442b7e7a701bc34d686fa87dfae";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("01010004" + header + "0020"), TRANSACTION))
			.withMessage("STUN length 4 does not match the 2 bytes of attributes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("01010004" + header + "00200008"),
					TRANSACTION))
			.withMessage("STUN attribute 0x20 of 8 bytes does not fit the 0 bytes left");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("01010000" + header), new byte[12]))
			.withMessage("STUN response to another transaction");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("01010000" + header), TRANSACTION))
			.withMessage("STUN response without a mapped address");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("01110000" + header), TRANSACTION))
			.withMessage("not a STUN binding success response: type 0x111");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StunMessages.readBindingResponse(HEX.parseHex("0101000c" + header + "002000080002a147e112a643"),
					TRANSACTION))
			.withMessage("STUN address family 2 does not match its 8 bytes");
	}

}
