package dev.p2p.packet;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonPacketCodec}.
 */
class JsonPacketCodecTests {

	private final JsonPacketCodec codec = new JsonPacketCodec(JsonMapper.builder().build());

	@SuppressWarnings("unused")
	private List<Point> listOfPoints;

	@Test
	void isNamedJson() {
		assertThat(this.codec.name()).isEqualTo("json");
	}

	@Test
	void writesRecordAsJsonObject() {
		byte[] encoded = this.codec.encode(new Point(1, -2));

		assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("{\"x\":1,\"y\":-2}");
	}

	@Test
	void roundTripsRecord() {
		Point point = new Point(3, 4);

		assertThat(this.codec.decode(this.codec.encode(point), Point.class)).isEqualTo(point);
	}

	@Test
	void roundTripsListOfRecordsThroughGenericFieldType() throws NoSuchFieldException {
		Type type = JsonPacketCodecTests.class.getDeclaredField("listOfPoints").getGenericType();
		List<Point> points = List.of(new Point(1, 2), new Point(3, 4));

		Object decoded = this.codec.decode(this.codec.encode(points), type);

		assertThat(decoded).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(new Point(1, 2), new Point(3, 4));
	}

	@Test
	void roundTripsListOfRecordsThroughParameterizedType() {
		Object decoded = this.codec.decode("[{\"x\":5,\"y\":6}]".getBytes(StandardCharsets.UTF_8), listOf(Point.class));

		assertThat(decoded).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(new Point(5, 6));
	}

	@Test
	void roundTripsNonAsciiTextAsUtf8() {
		Message message = new Message("Grüße 😀");

		byte[] encoded = this.codec.encode(message);

		assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("Grüße 😀");
		assertThat(this.codec.decode(encoded, Message.class)).isEqualTo(message);
	}

	@Test
	void decodesMapsForObjectParameters() {
		Object decoded = this.codec.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8), Object.class);

		assertThat(decoded).isEqualTo(Map.of("a", 1));
	}

	@Test
	void canDecodeAnyType() {
		assertThat(this.codec.canDecode(Point.class)).isTrue();
		assertThat(this.codec.canDecode(listOf(Point.class))).isTrue();
	}

	@Test
	void malformedJsonFailsNamingTargetType() {
		byte[] malformed = "{\"x\":1,".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.decode(malformed, Point.class))
			.withMessageContaining("json")
			.withMessageContaining(Point.class.getName())
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void malformedJsonFailsNamingGenericTargetType() {
		byte[] malformed = "[{\"x\":".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(PacketCodecException.class)
			.isThrownBy(() -> this.codec.decode(malformed, listOf(Point.class)))
			.withMessageContaining("java.util.List<" + Point.class.getName() + ">");
	}

	@Test
	void wrongShapeFailsNamingTargetType() {
		byte[] wrong = "{\"x\":\"not a number\",\"y\":2}".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.decode(wrong, Point.class))
			.withMessageContaining(Point.class.getName());
	}

	@Test
	void garbageBytesFailWithPacketCodecException() {
		byte[] garbage = { (byte) 0xFF, (byte) 0xFE, 0, 1 };

		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.decode(garbage, Point.class))
			.withMessageContaining(Point.class.getName());
	}

	@Test
	void unwritablePayloadFailsNamingItsClass() {
		assertThatExceptionOfType(PacketCodecException.class).isThrownBy(() -> this.codec.encode(new Exploding()))
			.withMessageContaining("json")
			.withMessageContaining(Exploding.class.getName())
			.withCauseInstanceOf(JacksonException.class);
	}

	private static ParameterizedType listOf(Type element) {
		return new ParameterizedType() {

			@Override
			public Type[] getActualTypeArguments() {
				return new Type[] { element };
			}

			@Override
			public Type getRawType() {
				return List.class;
			}

			@Override
			public Type getOwnerType() {
				return null;
			}

		};
	}

	record Point(int x, int y) {
	}

	record Message(String text) {
	}

	static class Exploding {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

}
