package dev.p2p.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.p2p.event.DatagramDropReason;

/**
 * Tests for {@link AdvertCodec}.
 */
class AdvertCodecTests {

	private final AdvertCodec codec = new AdvertCodec(DatagramAuthenticator.NONE);

	private final Advert advert = new Advert(false, 1, "net", "node-a", "3f2b", null, 5001);

	@Test
	void roundTripsAnAdvertAndAQuery() {
		byte[] bytes = this.codec.encode(this.advert);
		assertThat(this.codec.decode(bytes, bytes.length)).isEqualTo(this.advert);
		Advert query = new Advert(true, 1, "net", "node-a", "3f2b", "10.0.0.7", 5001);
		byte[] queryBytes = this.codec.encode(query);
		assertThat(this.codec.decode(queryBytes, queryBytes.length)).isEqualTo(query);
	}

	@Test
	void writesTheDocumentedLayout() {
		byte[] bytes = this.codec.encode(this.advert);
		assertThat(Arrays.copyOf(bytes, 10)).containsExactly('P', '2', 'P', 'D', 1, 1, 1, 0, 0x89, 0x13);
		assertThat(bytes[10]).isEqualTo((byte) 3);
		assertThat(new String(bytes, 11, 3, StandardCharsets.US_ASCII)).isEqualTo("net");
		// network, node, instance, host (empty), tag length 0
		assertThat(bytes).hasSize(10 + 4 + 7 + 5 + 1 + 2);
		assertThat(Arrays.copyOfRange(bytes, bytes.length - 2, bytes.length)).containsExactly(0, 0);
	}

	@Test
	void appendsAndVerifiesTheTagOfAnAuthenticator() {
		DatagramAuthenticator checksum = new DatagramAuthenticator() {

			@Override
			public byte[] tag(byte[] data, int length) {
				return new byte[] { (byte) Arrays.hashCode(Arrays.copyOf(data, length)) };
			}

			@Override
			public boolean verify(byte[] data, int length, byte[] tag) {
				return Arrays.equals(tag, tag(data, length));
			}

		};
		AdvertCodec signed = new AdvertCodec(checksum);
		byte[] bytes = signed.encode(this.advert);
		assertThat(bytes).hasSize(this.codec.encode(this.advert).length + 1);
		assertThat(signed.decode(bytes, bytes.length)).isEqualTo(this.advert);
		bytes[bytes.length - 1]++;
		assertThatExceptionOfType(RejectedDatagramException.class).isThrownBy(() -> signed.decode(bytes, bytes.length))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(DatagramDropReason.SPOOFED));
		byte[] unsigned = this.codec.encode(this.advert);
		assertThatExceptionOfType(RejectedDatagramException.class)
			.isThrownBy(() -> signed.decode(unsigned, unsigned.length))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(DatagramDropReason.SPOOFED));
	}

	@Test
	void rejectsMalformedDatagramsWithTheirReason() {
		byte[] good = this.codec.encode(this.advert);
		assertReason("garbage".getBytes(), DatagramDropReason.MALFORMED, "magic");
		assertReason(Arrays.copyOf(good, good.length - 1), DatagramDropReason.MALFORMED, "ends inside");
		assertReason(Arrays.copyOf(good, good.length + 1), DatagramDropReason.MALFORMED, "after the tag");
		byte[] version = good.clone();
		version[4] = 9;
		assertReason(version, DatagramDropReason.UNSUPPORTED_VERSION, "format version 9");
		byte[] kind = good.clone();
		kind[5] = 7;
		assertReason(kind, DatagramDropReason.MALFORMED, "kind 7");
		byte[] emptyNode = this.codec.encode(new Advert(false, 1, "net", "x", "3f2b", null, 1));
		emptyNode[14] = 0;
		assertReason(emptyNode, DatagramDropReason.MALFORMED, null);
		byte[] control = this.codec.encode(new Advert(false, 1, "net", "x", "3f2b", null, 1));
		control[15] = 7;
		assertReason(control, DatagramDropReason.MALFORMED, "node id contains a control character");
	}

	@Test
	void rejectsOversizedDatagramsUnread() {
		byte[] big = new byte[AdvertCodec.MAX_SIZE + 1];
		assertReason(big, DatagramDropReason.OVERSIZE, "limit of " + AdvertCodec.MAX_SIZE);
	}

	@Test
	void refusesToEncodeAnAdvertOverTheLimit() {
		String longHost = "h".repeat(255);
		Advert huge = new Advert(false, 1, "n".repeat(255), "i".repeat(255), "x".repeat(255), longHost, 1);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.codec.encode(huge));
	}

	private void assertReason(byte[] datagram, DatagramDropReason reason, String detail) {
		assertThatExceptionOfType(RejectedDatagramException.class)
			.isThrownBy(() -> this.codec.decode(datagram, datagram.length))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(reason);
				if (detail != null) {
					assertThat(ex.getMessage()).contains(detail);
				}
			});
	}

}
