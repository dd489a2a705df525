package dev.p2p.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.packet.CodedPacketType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up failures of the node, as a user sees them: a real {@code SpringApplication} fails,
 * and the log holds one "APPLICATION FAILED TO START" block naming the property, its value,
 * where it was set and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class P2pFailureAnalysisTests {

	private static final String BANNER = "APPLICATION FAILED TO START";

	@TempDir
	Path config;

	@Test
	void portInUseNamesThePropertyItsOriginAndTheFix(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Path file = write("p2p.server.address=127.0.0.1", "p2p.server.port=" + taken.getLocalPort());
			fails(file);
			assertThat(block(output)).contains("could not listen on 127.0.0.1:" + taken.getLocalPort()
					+ ": the port is already in use")
				.contains("p2p.server.port = " + taken.getLocalPort() + " (from ")
				.contains(file.getFileName().toString() + "] - 2:")
				.contains("set p2p.server.port to a free port")
				.contains("p2p.server.port=0 picks an ephemeral port");
		}
	}

	@Test
	void anAddressThatIsNotThisHostsNamesBothProperties(CapturedOutput output) {
		// 192.0.2.1 (TEST-NET-1) is never assigned to a host; the bind is refused, nothing is sent
		fails(write("p2p.server.address=192.0.2.1", "p2p.server.port=0"));
		assertThat(block(output)).contains("could not listen on 192.0.2.1:0")
			.contains("p2p.server.address = 192.0.2.1 (from ")
			.contains("p2p.server.port = 0 (from ")
			.contains("Set p2p.server.address to an address of this host");
	}

	@Test
	void anOutOfRangeValueNamesTheRuleTheValueAndItsOrigin(CapturedOutput output) {
		Path file = write("p2p.server.port=70000");
		fails(file);
		assertThat(block(output)).contains("p2p.server.port must be from 0 to 65535, was 70000")
			.contains("p2p.server.port = 70000 (from ")
			.contains(file.getFileName().toString() + "] - 1:")
			.contains("Change p2p.server.port where it is set");
	}

	@Test
	void aValueWrittenInAnotherFormIsFoundByItsRelaxedName(CapturedOutput output) {
		fails(write("p2p.maxPayloadSize=0B"));
		assertThat(block(output)).contains("p2p.max-payload-size must be from 1B to 2147483639B, was 0B")
			.contains("p2p.max-payload-size = 0B (from ");
	}

	@Test
	void anUnknownCodecNamesTheKnownOnes(CapturedOutput output) {
		fails(write("p2p.codec.default=yaml"));
		assertThat(block(output)).contains("p2p.codec.default names codec 'yaml', but the known codecs are")
			.contains("p2p.codec.default = yaml (from ");
	}

	@Test
	void collidingAndReservedCodesAreEachNamed(CapturedOutput output) {
		fails(write("p2p.packet-types=" + BadCodes.class.getName()));
		assertThat(block(output)).contains("The P2P packet-type enum " + BadCodes.class.getName() + " cannot be used")
			.contains("- A and B share code 7")
			.contains("- CONTROL uses code 4294967040 in the reserved control range")
			.contains("p2p.packet-types = " + BadCodes.class.getName() + " (from ")
			.contains("Give every constant its own wire code below 0xFFFFFF00");
	}

	@Test
	void aClassThatIsNotAnEnumIsNamed(CapturedOutput output) {
		fails(write("p2p.packet-types=java.lang.String"));
		assertThat(block(output)).contains("The P2P packet types are not an enum")
			.contains("p2p.packet-types = java.lang.String (from ")
			.contains("fully qualified name of the enum");
	}

	@Test
	void anEnumThatDoesNotLoadIsReportedByBootsBindAnalysisWithItsOrigin(CapturedOutput output) {
		fails(write("p2p.packet-types=com.example.NoSuchPacketType"));
		assertThat(block(output)).contains("p2p.packet-types")
			.contains("com.example.NoSuchPacketType")
			.contains("ClassNotFoundException")
			.contains("Origin: ");
	}

	private Path write(String... lines) {
		try {
			Path file = Files.createTempFile(this.config, "p2p-", ".properties");
			Files.write(file, java.util.List.of(lines));
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void fails(Path config) {
		SpringApplication application = new SpringApplication(NodeApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application
			.run("--spring.config.location=" + config.toUri(), "--spring.main.banner-mode=off"));
	}

	/** The analysis, checked to be the only one and free of stack traces. */
	private static String block(CapturedOutput output) {
		String all = output.getAll();
		assertThat(all.split(BANNER, -1)).as("one failure analysis").hasSize(2);
		String block = all.substring(all.indexOf(BANNER));
		assertThat(block).contains("Description:").contains("Action:");
		assertThat(all).as("no stack trace logged").doesNotContain("\tat ").doesNotContain("Error on ServerSocket");
		return block;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(P2pAutoConfiguration.class)
	static class NodeApplication {

	}

	enum BadCodes implements CodedPacketType {

		A(7), B(7), CONTROL(0xFFFFFF00);

		private final int code;

		BadCodes(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

}
