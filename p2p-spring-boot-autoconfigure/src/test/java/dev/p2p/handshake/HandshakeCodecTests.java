package dev.p2p.handshake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.p2p.peer.PeerIdentity;

/**
 * Tests for {@link HandshakeCodec}.
 */
class HandshakeCodecTests {

	private static final Object ABSENT = new Object();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HandshakeCodec codec = new HandshakeCodec();

	@Test
	void roundTripsIdentity() {
		PeerIdentity identity = new PeerIdentity(1, "node-a", "f3c1a2", "main-net", "10.0.0.5", 5001, "json");

		assertThat(this.codec.readIdentity(this.codec.writeIdentity(identity))).isEqualTo(identity);
	}

	@Test
	void roundTripsIdentityWithoutListenHost() {
		PeerIdentity identity = new PeerIdentity(1, "node-b", "instance", "", null, 0, "bytes");

		byte[] payload = this.codec.writeIdentity(identity);

		assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain("listenHost");
		assertThat(this.codec.readIdentity(payload)).isEqualTo(identity);
	}

	@Test
	void roundTripsNonAsciiIds() {
		PeerIdentity identity = new PeerIdentity(1, "nœud-ü-😀", "ïnstance", "réseau", "::1", 65535, "string");

		assertThat(this.codec.readIdentity(this.codec.writeIdentity(identity))).isEqualTo(identity);
	}

	@Test
	void acceptsIdsOfExactlyMaxLength() {
		String longest = "n".repeat(PeerIds.MAX_ID_LENGTH);
		PeerIdentity identity = new PeerIdentity(1, longest, longest, longest, longest, 1, longest);

		assertThat(this.codec.readIdentity(this.codec.writeIdentity(identity))).isEqualTo(identity);
	}

	@Test
	void writesFieldsNamedInProtocol() {
		PeerIdentity identity = new PeerIdentity(1, "node-a", "i-1", "net", "host", 5001, "json");

		assertThat(new String(this.codec.writeIdentity(identity), StandardCharsets.UTF_8)).isEqualTo(
				"{\"protocol\":1,\"nodeId\":\"node-a\",\"instanceId\":\"i-1\",\"networkId\":\"net\","
						+ "\"listenHost\":\"host\",\"listenPort\":5001,\"codec\":\"json\"}");
	}

	@Test
	void fillsDefaultsForOptionalFields() {
		Map<String, Object> hello = validHello();
		hello.remove("listenHost");
		hello.remove("listenPort");
		hello.remove("codec");

		PeerIdentity identity = this.codec.readIdentity(json(hello));

		assertThat(identity.listenHost()).isNull();
		assertThat(identity.listenPort()).isZero();
		assertThat(identity.codec()).isEmpty();
	}

	@Test
	void acceptsEmptyNetworkId() {
		Map<String, Object> hello = validHello();
		hello.put("networkId", "");

		assertThat(this.codec.readIdentity(json(hello)).networkId()).isEmpty();
	}

	@Test
	void ignoresUnknownFields() {
		Map<String, Object> hello = validHello();
		hello.put("capabilities", List.of("gzip", "tls"));
		hello.put("future", Map.of("nested", true));
		hello.put("weight", 1.5);

		PeerIdentity identity = this.codec.readIdentity(json(hello));

		assertThat(identity).isEqualTo(new PeerIdentity(1, "node-a", "instance-1", "main-net", "10.0.0.5", 5001, "json"));
	}

	static Stream<Arguments> malformedFields() {
		return Stream.of(
				Arguments.of("protocol", ABSENT),
				Arguments.of("protocol", 0),
				Arguments.of("protocol", -1),
				Arguments.of("protocol", "1"),
				Arguments.of("protocol", 1.5),
				Arguments.of("protocol", 4_294_967_297L),
				Arguments.of("nodeId", ABSENT),
				Arguments.of("nodeId", ""),
				Arguments.of("nodeId", 42),
				Arguments.of("nodeId", List.of("node-a")),
				Arguments.of("nodeId", null),
				Arguments.of("nodeId", "n".repeat(PeerIds.MAX_ID_LENGTH + 1)),
				Arguments.of("nodeId", "node\nfake-log-line"),
				Arguments.of("nodeId", "node\u0000"),
				Arguments.of("nodeId", "node\u007f"),
				Arguments.of("nodeId", "node\u0085"),
				Arguments.of("instanceId", ABSENT),
				Arguments.of("instanceId", ""),
				Arguments.of("instanceId", "i".repeat(PeerIds.MAX_ID_LENGTH + 1)),
				Arguments.of("networkId", ABSENT),
				Arguments.of("networkId", true),
				Arguments.of("networkId", "net\t1"),
				Arguments.of("networkId", "n".repeat(PeerIds.MAX_ID_LENGTH + 1)),
				Arguments.of("listenHost", 127),
				Arguments.of("listenHost", null),
				Arguments.of("listenHost", "h".repeat(PeerIds.MAX_ID_LENGTH + 1)),
				Arguments.of("listenHost", "host\r"),
				Arguments.of("listenPort", -1),
				Arguments.of("listenPort", 65536),
				Arguments.of("listenPort", 70000),
				Arguments.of("listenPort", "5001"),
				Arguments.of("listenPort", 5001.5),
				Arguments.of("listenPort", null),
				Arguments.of("codec", 1),
				Arguments.of("codec", "c".repeat(PeerIds.MAX_ID_LENGTH + 1)),
				Arguments.of("codec", "json\u001b[31m"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("malformedFields")
	void rejectsMalformedFieldNamingIt(String field, Object value) {
		Map<String, Object> hello = validHello();
		if (value == ABSENT) {
			hello.remove(field);
		}
		else {
			hello.put(field, value);
		}
		byte[] payload = json(hello);

		assertThatExceptionOfType(MalformedHandshakeException.class).isThrownBy(() -> this.codec.readIdentity(payload))
			.withMessageContaining("'" + field + "'");
	}

	@Test
	void tooLongIdMessageNamesLengthAndLimit() {
		Map<String, Object> hello = validHello();
		hello.put("nodeId", "n".repeat(200));

		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readIdentity(json(hello)))
			.withMessageContaining("'nodeId'")
			.withMessageContaining("200")
			.withMessageContaining(String.valueOf(PeerIds.MAX_ID_LENGTH));
	}

	@Test
	void portOutOfRangeMessageNamesRangeAndValue() {
		Map<String, Object> hello = validHello();
		hello.put("listenPort", 70000);

		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readIdentity(json(hello)))
			.withMessageContaining("'listenPort'")
			.withMessageContaining("0 to 65535")
			.withMessageContaining("70000");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "[1,2,3]", "\"hello\"", "42", "null", "true" })
	void rejectsJsonThatIsNotAnObject(String json) {
		byte[] payload = json.getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(MalformedHandshakeException.class).isThrownBy(() -> this.codec.readIdentity(payload))
			.withMessageContaining("JSON object");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"protocol\":1,", "{protocol:1}", "not json at all", "{\"a\":1}}" })
	void rejectsTextThatIsNotJson(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(MalformedHandshakeException.class).isThrownBy(() -> this.codec.readIdentity(payload));
	}

	@Test
	void rejectsGarbageBytes() {
		byte[] garbage = { (byte) 0xFF, (byte) 0xFE, 0x00, 0x13, (byte) 0x80, 0x7B };

		assertThatExceptionOfType(MalformedHandshakeException.class).isThrownBy(() -> this.codec.readIdentity(garbage))
			.withMessageContaining("not JSON");
	}

	@Test
	void rejectsEmptyPayload() {
		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readIdentity(new byte[0]));
	}

	@Test
	void roundTripsReason() {
		byte[] payload = this.codec.writeReason("network id mismatch", "node-a", false);

		assertThat(this.codec.readReason(payload)).isEqualTo("network id mismatch");
		assertThat(this.codec.isDuplicate(payload)).isFalse();
	}

	@Test
	void roundTripsDuplicateFlag() {
		byte[] payload = this.codec.writeReason("already connected", null, true);

		assertThat(this.codec.readReason(payload)).isEqualTo("already connected");
		assertThat(this.codec.isDuplicate(payload)).isTrue();
		assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain("nodeId");
	}

	@Test
	void writesReasonFields() {
		assertThat(new String(this.codec.writeReason("bye", "node-a", true), StandardCharsets.UTF_8))
			.isEqualTo("{\"reason\":\"bye\",\"nodeId\":\"node-a\",\"duplicate\":true}");
		assertThat(new String(this.codec.writeReason("bye", null, false), StandardCharsets.UTF_8))
			.isEqualTo("{\"reason\":\"bye\"}");
	}

	@Test
	void truncatesLongReasonWhenWritingAndReading() {
		String longReason = "r".repeat(HandshakeCodec.MAX_REASON_LENGTH + 100);

		assertThat(this.codec.readReason(this.codec.writeReason(longReason, null, false)))
			.isEqualTo("r".repeat(HandshakeCodec.MAX_REASON_LENGTH));
		byte[] foreign = json(Map.of("reason", longReason));
		assertThat(this.codec.readReason(foreign)).hasSize(HandshakeCodec.MAX_REASON_LENGTH);
	}

	@Test
	void writesLongReasonWhoseLimitFallsInsideSurrogatePair() {
		String reason = "r".repeat(HandshakeCodec.MAX_REASON_LENGTH - 1) + "😀 and more";

		assertThatNoException().isThrownBy(() -> this.codec.writeReason(reason, null, false));
		assertThat(this.codec.readReason(this.codec.writeReason(reason, null, false)))
			.hasSize(HandshakeCodec.MAX_REASON_LENGTH)
			.startsWith("r".repeat(HandshakeCodec.MAX_REASON_LENGTH - 1));
	}

	@Test
	void readsNonAsciiReason() {
		assertThat(this.codec.readReason(this.codec.writeReason("accès refusé ✗", null, false)))
			.isEqualTo("accès refusé ✗");
	}

	@Test
	void readReasonWithoutReasonFieldSaysSo() {
		assertThat(this.codec.readReason(json(Map.of("nodeId", "x")))).isEqualTo("(no reason given)");
		assertThat(this.codec.readReason(json(Map.of("reason", 42)))).isEqualTo("(no reason given)");
	}

	@Test
	void readReasonOnGarbageDescribesProblemWithoutThrowing() {
		byte[] garbage = { (byte) 0xFF, (byte) 0xFE, 0x00, 0x13 };

		assertThat(this.codec.readReason(garbage)).startsWith("(unreadable reason: ").endsWith(")");
		assertThat(this.codec.readReason("[\"reason\"]".getBytes(StandardCharsets.UTF_8)))
			.startsWith("(unreadable reason: ")
			.contains("JSON object");
		assertThat(this.codec.readReason(new byte[0])).startsWith("(unreadable reason: ");
	}

	@Test
	void isDuplicateIsFalseForGarbageAndNonBooleans() {
		assertThat(this.codec.isDuplicate(new byte[] { (byte) 0xFF, 0x00 })).isFalse();
		assertThat(this.codec.isDuplicate(json(Map.of("reason", "x", "duplicate", "true")))).isFalse();
		assertThat(this.codec.isDuplicate(json(Map.of("reason", "x", "duplicate", 1)))).isFalse();
		assertThat(this.codec.isDuplicate(json(Map.of("reason", "x", "duplicate", false)))).isFalse();
		assertThat(this.codec.isDuplicate(json(Map.of("reason", "x", "duplicate", true)))).isTrue();
	}

	private static Map<String, Object> validHello() {
		Map<String, Object> hello = new LinkedHashMap<>();
		hello.put("protocol", 1);
		hello.put("nodeId", "node-a");
		hello.put("instanceId", "instance-1");
		hello.put("networkId", "main-net");
		hello.put("listenHost", "10.0.0.5");
		hello.put("listenPort", 5001);
		hello.put("codec", "json");
		return hello;
	}

	private static byte[] json(Map<String, ?> value) {
		return mapper.writeValueAsBytes(value);
	}

}
