package dev.p2p.test.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.p2p.node.PeerNode;
import dev.p2p.test.TestPeer;
import dev.p2p.test.TestPeers;
import dev.p2p.test.autoconfigure.LocalP2pPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @SpringBootTest} with the test module on the class path: the node listens on an
 * ephemeral loopback port instead of {@code application.properties}' 5001, unless the test sets
 * one.
 */
class SpringBootTestPortTests {

	@Nested
	@SpringBootTest
	class Defaults {

		@Autowired
		ApplicationContext context;

		@Autowired
		PeerNode node;

		@Autowired
		TestPeers testPeers;

		@LocalP2pPort
		int port;

		@Test
		void nodeListensOnAnEphemeralLoopbackPortWithTheWholeApplication() {
			assertThat(this.port).isNotEqualTo(5001).isEqualTo(this.node.getBoundPort());
			assertThat(this.node.getBoundAddress().getAddress().isLoopbackAddress()).isTrue();
			assertThat(this.context.getBeanNamesForType(UnrelatedService.class)).hasSize(1);
			try (TestPeer peer = this.testPeers.connect()) {
				assertThat(peer.request(EchoType.PING, new Ping("x"), Pong.class).text()).isEqualTo("x");
			}
		}

	}

	@Nested
	@SpringBootTest
	class PortSetByTheTest {

		static final int PORT = freePort();

		@DynamicPropertySource
		static void port(DynamicPropertyRegistry registry) {
			registry.add("p2p.server.port", () -> PORT);
		}

		@Autowired
		PeerNode node;

		@Test
		void theTestsPortWins() {
			assertThat(this.node.getBoundPort()).isEqualTo(PORT);
		}

	}

	@Nested
	@SpringBootTest(properties = "p2p.server.port=0")
	class SameSettingsAsDefaults {

		@Autowired
		PeerNode node;

		@Test
		void anExplicitZeroIsKept() {
			assertThat(this.node.getBoundPort()).isNotEqualTo(5001).isPositive();
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
