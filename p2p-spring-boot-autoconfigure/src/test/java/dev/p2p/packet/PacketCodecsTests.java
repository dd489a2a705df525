package dev.p2p.packet;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PacketCodecs}.
 */
class PacketCodecsTests {

	private final PacketTypeRegistry registry = PacketTypeRegistry.of(Command.class);

	private final BytesPacketCodec bytes = new BytesPacketCodec();

	private final StringPacketCodec string = new StringPacketCodec();

	private final JsonPacketCodec json = new JsonPacketCodec(JsonMapper.builder().build());

	private final List<PacketCodec> available = List.of(this.bytes, this.string, this.json);

	@Test
	void usesDefaultCodecForEveryTypeWithoutOverride() {
		PacketCodecs codecs = new PacketCodecs(this.registry, this.available, "string", Map.of());

		for (Command type : Command.values()) {
			assertThat(codecs.codecOf(type)).as("codec of %s", type).isSameAs(this.string);
		}
	}

	@Test
	void usesPerTypeOverride() {
		PacketCodecs codecs = new PacketCodecs(this.registry, this.available, "bytes",
				Map.of("STATUS", "json", "LOG", "string"));

		assertThat(codecs.codecOf(Command.PING)).isSameAs(this.bytes);
		assertThat(codecs.codecOf(Command.STATUS)).isSameAs(this.json);
		assertThat(codecs.codecOf(Command.LOG)).isSameAs(this.string);
	}

	@Test
	void usesUserCodecByName() {
		PacketCodec custom = new NamedCodec("cbor");
		PacketCodecs codecs = new PacketCodecs(this.registry, List.of(this.bytes, custom), "bytes",
				Map.of("PING", "cbor"));

		assertThat(codecs.codecOf(Command.PING)).isSameAs(custom);
		assertThat(codecs.codecOf(Command.STATUS)).isSameAs(this.bytes);
	}

	@Test
	void unknownDefaultCodecFailsNamingPropertyAndKnownCodecs() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PacketCodecs(this.registry, this.available, "protobuf", Map.of()))
			.withMessageContaining("p2p.codec.default")
			.withMessageContaining("'protobuf'")
			.withMessageContaining("[bytes, string, json]");
	}

	@Test
	void unknownOverrideCodecFailsNamingPropertyAndKnownCodecs() {
		Map<String, String> overrides = new LinkedHashMap<>();
		overrides.put("STATUS", "avro");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PacketCodecs(this.registry, this.available, "bytes", overrides))
			.withMessageContaining("p2p.codec.types.STATUS")
			.withMessageContaining("'avro'")
			.withMessageContaining("[bytes, string, json]");
	}

	@Test
	void unknownConstantInOverridesFailsNamingProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PacketCodecs(this.registry, this.available, "bytes", Map.of("REBOOT", "json")))
			.withMessageContaining("p2p.codec.types.REBOOT")
			.withMessageContaining("'REBOOT'")
			.withMessageContaining("PING, STATUS, LOG")
			.withCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void overridesWithoutPacketTypesHintAtPacketTypesProperty() {
		PacketTypeRegistry none = PacketTypeRegistry.of(NoPacketTypes.class);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PacketCodecs(none, this.available, "bytes", Map.of("PING", "json")))
			.withMessageContaining("p2p.codec.types.PING")
			.withMessageContaining("p2p.packet-types");
	}

	@Test
	void resolvesWithNoPacketTypes() {
		PacketTypeRegistry none = PacketTypeRegistry.of(NoPacketTypes.class);

		assertThat(new PacketCodecs(none, this.available, "json", Map.of())).isNotNull();
	}

	enum Command implements CodedPacketType {

		PING(10), STATUS(20), LOG(100_000);

		private final int code;

		Command(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	private record NamedCodec(String name) implements PacketCodec {

		@Override
		public boolean canDecode(Type type) {
			return true;
		}

		@Override
		public byte[] encode(Object payload) {
			return new byte[0];
		}

		@Override
		public Object decode(byte[] payload, Type type) {
			return payload;
		}

	}

}
