package dev.p2p.peer;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PeerAddress}.
 */
class PeerAddressTests {

	@Test
	void parsesHostAndPort() {
		assertThat(PeerAddress.parse("peer.example.com:5001")).isEqualTo(new PeerAddress("peer.example.com", 5001));
	}

	@Test
	void parsesIpv4Literal() {
		assertThat(PeerAddress.parse("10.0.0.7:1")).isEqualTo(new PeerAddress("10.0.0.7", 1));
	}

	@Test
	void parsesBracketedIpv6() {
		PeerAddress address = PeerAddress.parse("[::1]:5001");

		assertThat(address.host()).isEqualTo("::1");
		assertThat(address.port()).isEqualTo(5001);
	}

	@Test
	void parsesFullBracketedIpv6() {
		assertThat(PeerAddress.parse("[2001:db8::8a2e:370:7334]:65535"))
			.isEqualTo(new PeerAddress("2001:db8::8a2e:370:7334", 65535));
	}

	@Test
	void ignoresSurroundingWhitespace() {
		assertThat(PeerAddress.parse("  node-b:6000 \n")).isEqualTo(new PeerAddress("node-b", 6000));
	}

	@ParameterizedTest(name = "''{0}''")
	@ValueSource(strings = { "localhost", "localhost:", ":5001", "", "   " })
	void rejectsMissingHostOrPortNamingText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(text))
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("host:port");
	}

	@Test
	void rejectsNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(null)).withMessageContaining("host:port");
	}

	@ParameterizedTest(name = "port {0}")
	@ValueSource(strings = { "0", "70000", "65536", "-1" })
	void rejectsPortOutOfRangeNamingTextAndPort(String port) {
		String text = "localhost:" + port;

		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(text))
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("1 to 65535")
			.withMessageContaining("was " + port);
	}

	@ParameterizedTest(name = "''{0}''")
	@ValueSource(strings = { "localhost:http", "localhost:50o1", "localhost:5001.0", "localhost:99999999999" })
	void rejectsNonNumericPort(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(text))
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("not a number");
	}

	@ParameterizedTest(name = "''{0}''")
	@ValueSource(strings = { "::1:5001", "2001:db8::1:5001", "fe80::1" })
	void rejectsIpv6WithoutBrackets(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse(text))
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("[address]:port");
	}

	@Test
	void rejectsEmptyBrackets() {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("[]:5001"))
			.withMessageContaining("'[]:5001'")
			.withMessageContaining("host");
	}

	@ParameterizedTest(name = "''{0}''")
	@ValueSource(strings = { "localhost:5001", "10.1.2.3:80", "[::1]:5001", "[fe80::1%eth0]:65535" })
	void toStringRoundTripsThroughParse(String text) {
		PeerAddress address = PeerAddress.parse(text);

		assertThat(address.toString()).isEqualTo(text);
		assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
	}

	@Test
	void writesIpv6HostInBrackets() {
		assertThat(new PeerAddress("::1", 5001)).hasToString("[::1]:5001");
		assertThat(new PeerAddress("host", 5001)).hasToString("host:5001");
	}

	@Test
	void constructorRejectsBlankHostAndBadPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerAddress(" ", 5001)).withMessageContaining("host");
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerAddress(null, 5001)).withMessageContaining("host");
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerAddress("h", 0)).withMessageContaining("was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerAddress("h", 65536))
			.withMessageContaining("was 65536");
	}

	@Test
	void createsFromUnresolvedSocketAddress() {
		assertThat(PeerAddress.of(InetSocketAddress.createUnresolved("peer.example.com", 7000)))
			.isEqualTo(new PeerAddress("peer.example.com", 7000));
	}

	@Test
	void createsFromLiteralSocketAddress() {
		assertThat(PeerAddress.of(new InetSocketAddress("127.0.0.1", 7001))).isEqualTo(new PeerAddress("127.0.0.1", 7001));
	}

}
