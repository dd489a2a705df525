package dev.p2p.reach;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The address list, byte by byte as docs/PROTOCOL.md §13.1 will show it, and its refusals.
 */
class AddressListTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void writesIpv4AndIpv6EntriesWithKindAndLittleEndianPort() throws Exception {
		List<ReachableAddress> addresses = List.of(
				new ReachableAddress(InetAddress.getByName("10.77.1.2"), 5005, AddressKind.LISTEN),
				new ReachableAddress(InetAddress.getByName("fd77::2"), 5005, AddressKind.OBSERVED));
		byte[] bytes = encode(addresses);
		assertThat(bytes).hasSize(AddressList.size(addresses)).hasSize(1 + 8 + 20);
		assertThat(HEX.formatHex(bytes)).isEqualTo("02 04 00 0a 4d 01 02 8d 13 06 01 fd 77 00 00 00 00 00 00 00 00 00 00 00"
				+ " 00 00 02 8d 13");
		assertThat(decode(bytes)).isEqualTo(addresses);
	}

	@Test
	void anEmptyListIsOneByte() {
		assertThat(encode(List.of())).containsExactly(0);
		assertThat(decode(new byte[] { 0 })).isEmpty();
	}

	@Test
	void unknownKindsReadAsObserved() {
		assertThat(decode(HEX.parseHex("01 04 09 7f 00 00 01 01 00")).get(0).kind()).isEqualTo(AddressKind.OBSERVED);
	}

	@Test
	void everyTruncationIsRefusedWithTheReason() throws Exception {
		byte[] bytes = encode(List.of(new ReachableAddress(InetAddress.getByName("fd77::2"), 1, AddressKind.CONFIRMED)));
		for (int length = 0; length < bytes.length; length++) {
			byte[] cut = Arrays.copyOf(bytes, length);
			assertThatIllegalArgumentException().isThrownBy(() -> decode(cut)).withMessageStartingWith("TEST ");
		}
	}

	@Test
	void malformedEntriesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(HEX.parseHex("01 05 00 7f 00 00 01 01 00")))
			.withMessage("TEST address 0 has family 5, not 4 or 6");
		assertThatIllegalArgumentException().isThrownBy(() -> decode(HEX.parseHex("01 04 00 7f 00 00 01 00 00")))
			.withMessage("TEST address 0 has port 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> decode(HEX.parseHex("01 06 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 01 00")))
			.withMessage("TEST address 0 is link-local, meaningless without its scope");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> decode(HEX.parseHex("01 06 00 00 00 00 00 00 00 00 00 00 00 ff ff 7f 00 00 01 01 00")))
			.withMessage("TEST address 0 is an IPv4-mapped IPv6 address; send it as IPv4");
	}

	@Test
	void theCountIsCheckedBeforeAnythingIsAllocated() {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(new byte[] { (byte) 200 }))
			.withMessage("TEST address list of 200 entries is longer than 16");
		assertThatIllegalArgumentException().isThrownBy(() -> decode(new byte[] { 16, 4 }))
			.withMessage("TEST address list of 16 entries needs at least 128 bytes, 1 left");
	}

	@Test
	void writingRefusesTooManyOrLinkLocalAddresses() throws Exception {
		ReachableAddress one = new ReachableAddress(InetAddress.getByName("10.0.0.1"), 1, AddressKind.LISTEN);
		assertThatIllegalArgumentException().isThrownBy(() -> encode(java.util.Collections.nCopies(17, one)))
			.withMessage("an address list holds at most 16 addresses, not 17");
		ReachableAddress linkLocal = new ReachableAddress(InetAddress.getByName("fe80::1"), 1, AddressKind.LISTEN);
		assertThatIllegalArgumentException().isThrownBy(() -> encode(List.of(linkLocal)))
			.withMessageStartingWith("a link-local address has no meaning without its scope");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReachableAddress(InetAddress.getByName("10.0.0.1"), 0, AddressKind.LISTEN))
			.withMessage("port must be 1 to 65535, not 0");
	}

	private static byte[] encode(List<ReachableAddress> addresses) {
		ByteBuffer buffer = ByteBuffer.allocate(AddressList.size(addresses)).order(ByteOrder.LITTLE_ENDIAN);
		AddressList.write(buffer, addresses);
		assertThat(buffer.hasRemaining()).isFalse();
		return buffer.array();
	}

	private static List<ReachableAddress> decode(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		List<ReachableAddress> addresses = AddressList.read(buffer, "TEST");
		assertThat(buffer.hasRemaining()).isFalse();
		return addresses;
	}

}
