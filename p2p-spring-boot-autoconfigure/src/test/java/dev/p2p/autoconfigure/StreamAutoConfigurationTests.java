package dev.p2p.autoconfigure;

import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.it.TestPacketType;
import dev.p2p.listener.PacketDispatcher;
import dev.p2p.listener.PacketListener;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.PeerNodeSettings;
import dev.p2p.stream.StreamInput;
import dev.p2p.stream.StreamSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream properties and stream listeners as the auto-configuration checks them at start-up.
 */
class StreamAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1",
				"p2p.packet-types=" + TestPacketType.class.getName());

	@Test
	void streamPropertiesHaveDefaultsAndReachTheNode() {
		this.contextRunner.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getStreams())
			.isEqualTo(new StreamSettings(16 * 1024, 256 * 1024, 16, Duration.ofSeconds(30))));
		this.contextRunner
			.withPropertyValues("p2p.stream.chunk-size=64000B", "p2p.stream.window=1MB", "p2p.stream.max-concurrent=2",
					"p2p.stream.idle-timeout=5s")
			.run((context) -> assertThat(context.getBean(PeerNodeSettings.class).getStreams())
				.isEqualTo(new StreamSettings(64_000, 1024 * 1024, 2, Duration.ofSeconds(5))));
	}

	@Test
	void chunkLargerThanAControlFrameFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.stream.chunk-size=64KB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("p2p.stream.chunk-size must be at most 65532B (chunks are control frames, capped at 64KiB), was 65536B"));
	}

	@Test
	void windowSmallerThanAChunkFailsStartUp() {
		this.contextRunner.withPropertyValues("p2p.stream.window=8KB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("p2p.stream.window must be from p2p.stream.chunk-size (16384B)"));
		this.contextRunner.withPropertyValues("p2p.stream.max-concurrent=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("p2p.stream.max-concurrent must be from 1 to 65535, was 0"));
	}

	@Test
	void streamListenerIsRegisteredForItsType() {
		this.contextRunner.withUserConfiguration(Listeners.class).run((context) -> {
			PacketDispatcher dispatcher = context.getBean(PacketDispatcher.class);
			assertThat(dispatcher.acceptsStream(TestPacketType.BLOB.code())).isTrue();
			assertThat(dispatcher.acceptsStream(TestPacketType.SLOW.code())).isTrue();
			assertThat(dispatcher.acceptsStream(TestPacketType.TEXT.code())).isFalse();
			// GET_FUNCS reports the types with stream listeners too
			assertThat(dispatcher.hasListener(TestPacketType.BLOB)).isTrue();
			assertThat(dispatcher.hasListener(TestPacketType.UNHANDLED)).isFalse();
		});
	}

	@Test
	void badStreamListenersFailStartUpNamingTheProblem() {
		expectFailure(new Object() {
			@PacketListener(value = "BLOB", inline = true)
			void inline(InputStream data) {
			}
		}, "takes a stream and cannot be inline");
		expectFailure(new Object() {
			@PacketListener("BLOB")
			String answers(InputStream data) {
				return "no";
			}
		}, "takes a stream and must return void");
		expectFailure(new Object() {
			@PacketListener("BLOB")
			void withPayload(InputStream data, String text) {
			}
		}, "takes a stream, so it cannot also take a String");
		expectFailure(new Object() {
			@PacketListener("BLOB")
			void twice(InputStream data, StreamInput again) {
			}
		}, "takes more than one stream parameter");
		expectFailure(new TwoBlobListeners(), "a stream can be read only once");
	}

	private void expectFailure(Object listener, String problem) {
		this.contextRunner.withBean("bad", Object.class, () -> listener)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("bad.").hasMessageContaining(problem));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		Object streamListener() {
			return new Object() {
				@PacketListener({ "BLOB", "SLOW" })
				void receive(StreamInput data, PeerSession from, TestPacketType type) {
				}
			};
		}

	}

	static class TwoBlobListeners {

		@PacketListener("BLOB")
		void first(InputStream data) {
		}

		@PacketListener("BLOB")
		void second(InputStream data) {
		}

	}

}
