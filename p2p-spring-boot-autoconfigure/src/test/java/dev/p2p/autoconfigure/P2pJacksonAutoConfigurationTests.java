package dev.p2p.autoconfigure;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON codec writes and reads packets with the application's {@link JsonMapper}, so
 * {@code spring.jackson.*} and the application's Jackson customizations apply to packets.
 */
class P2pJacksonAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, P2pAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=" + Kind.class.getName());

	@Test
	void springJacksonSettingsApplyToPacketsWrittenAndRead() {
		this.contextRunner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				PacketCodec codec = context.getBean(PacketCodecs.class).codecOf(Kind.MOVE);
				byte[] written = codec.encode(new Move(3, "fast"));
				assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"step_count\":3,\"move_name\":\"fast\"}");
				assertThat(codec.decode("{\"step_count\":5,\"move_name\":\"slow\"}".getBytes(StandardCharsets.UTF_8),
						Move.class))
					.isEqualTo(new Move(5, "slow"));
			});
	}

	@Test
	void withoutJacksonAutoConfigurationTheCodecUsesJacksonDefaults() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
			.withPropertyValues("p2p.server.port=0", "p2p.packet-types=" + Kind.class.getName(),
					"spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JsonMapper.class);
				byte[] written = context.getBean(PacketCodecs.class).codecOf(Kind.MOVE).encode(new Move(3, "fast"));
				assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"stepCount\":3,\"moveName\":\"fast\"}");
			});
	}

	enum Kind {

		MOVE

	}

	record Move(int stepCount, String moveName) {
	}

}
