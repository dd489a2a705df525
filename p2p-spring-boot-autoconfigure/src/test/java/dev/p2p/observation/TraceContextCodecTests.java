package dev.p2p.observation;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TraceContextCodec}.
 */
class TraceContextCodecTests {

	private final TraceContextCodec codec = new TraceContextCodec();

	@Test
	void roundTripsFieldsInOrder() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		fields.put("tracestate", "congo=t61rcWkgMzE");
		Frame frame = this.codec.encode(fields);
		assertThat(frame.type()).isEqualTo(ControlCode.TRACE);
		assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).startsWith("{\"traceparent\":");
		assertThat(this.codec.decode(frame.payload())).containsExactlyEntriesOf(fields);
	}

	@Test
	void nothingToPropagateIsNoFrame() {
		assertThat(this.codec.encode(Map.of())).isNull();
	}

	@Test
	void rejectsWhatIsNotAnObjectOfStrings() {
		assertThatIllegalArgumentException().isThrownBy(() -> decode("{not json")).withMessageContaining("not JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> decode("[\"a\"]")).withMessageContaining("not a JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> decode("")).withMessageContaining("not");
		assertThatIllegalArgumentException().isThrownBy(() -> decode("{\"traceparent\":{\"nested\":1}}"))
			.withMessageContaining("'traceparent' is not a string");
	}

	@Test
	void enforcesLimits() {
		StringBuilder many = new StringBuilder("{");
		for (int i = 0; i <= TraceContextCodec.MAX_FIELDS; i++) {
			many.append((i > 0) ? "," : "").append("\"k").append(i).append("\":\"v\"");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> decode(many.append('}').toString()))
			.withMessageContaining("more than " + TraceContextCodec.MAX_FIELDS);
		byte[] large = new byte[TraceContextCodec.MAX_PAYLOAD_SIZE + 1];
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(large)).withMessageContaining("exceeds");
	}

	@Test
	void contextOverTheLimitsIsNotSent() {
		Map<String, String> many = new LinkedHashMap<>();
		for (int i = 0; i <= TraceContextCodec.MAX_FIELDS; i++) {
			many.put("k" + i, "v");
		}
		assertThat(this.codec.encode(many)).isNull();
		assertThat(this.codec.encode(Map.of("baggage", "x".repeat(TraceContextCodec.MAX_PAYLOAD_SIZE)))).isNull();
		assertThat(this.codec.encode(Map.of("baggage", "x".repeat(100)))).isNotNull();
	}

	private Map<String, String> decode(String json) {
		return this.codec.decode(json.getBytes(StandardCharsets.UTF_8));
	}

}
