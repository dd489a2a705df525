package dev.p2p.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import dev.p2p.autoconfigure.actuate.P2pHealthIndicator;
import dev.p2p.transport.tcp.ConnectionFactoryCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code p2p} health indicator on real nodes over loopback.
 */
class P2pHealthIntegrationTests {

	@Test
	void upWhileListeningWithPortPeersAndUnreachableStaticPeers() {
		String nobody = "127.0.0.1:" + FreePorts.find();
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer spoke = TestPeer.start("spoke", "p2p.peers=" + hub.address() + "," + nobody)) {
			P2pHealthIndicator indicator = spoke.context.getBean(P2pHealthIndicator.class);
			await().until(() -> spoke.isConnectedTo("hub"));

			await().untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("nodeId", "spoke")
					.containsEntry("running", true)
					.containsEntry("server", "listening")
					.containsEntry("port", spoke.port())
					.containsEntry("connectedPeers", 1)
					.containsEntry("unreachableStaticPeers", List.of(nobody));
			});
		}
	}

	@Test
	void staticPeersThatDialEachOtherAreBothReachableThroughTheOneSessionKept() {
		int portB = FreePorts.find();
		try (TestPeer a = TestPeer.start("a", "p2p.peers=127.0.0.1:" + portB);
				TestPeer b = TestPeer.start("b", "p2p.server.port=" + portB, "p2p.peers=" + a.address())) {
			await().until(() -> a.isConnectedTo("b") && b.isConnectedTo("a"));

			await().untilAsserted(() -> {
				assertThat(a.node.getUnreachableStaticPeers()).isEmpty();
				assertThat(b.node.getUnreachableStaticPeers()).isEmpty();
			});
			assertThat(a.node.getSessions()).hasSize(1);
		}
	}

	@Test
	void staticPeersConnectedInHandshakeModeNoneAreNotUnreachable() {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				TestPeer client = TestPeer.start("client", "p2p.handshake.mode=none",
						"p2p.peers=" + server.address())) {
			P2pHealthIndicator indicator = client.context.getBean(P2pHealthIndicator.class);

			await().untilAsserted(() -> assertThat(indicator.health().getDetails())
				.containsEntry("connectedPeers", 1)
				.containsEntry("unreachableStaticPeers", List.of()));
		}
	}

	@Test
	void downWhenTheRunningNodeStopsListening() {
		// the tcp transport: the capture stops its Spring Integration server factory
		try (TestPeer peer = TestPeer.start("peer", new Class<?>[] { ServerFactoryCapture.class },
				"p2p.transport=tcp")) {
			P2pHealthIndicator indicator = peer.context.getBean(P2pHealthIndicator.class);
			// the accept loop reports itself listening a moment after the port is bound
			await().until(() -> Status.UP.equals(indicator.health().getStatus()));

			// the server socket goes away under a running node
			peer.context.getBean(ServerFactoryCapture.class).servers.get(0).stop();

			await().untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("running", true)
					.containsEntry("server", "not listening")
					.doesNotContainKey("port");
			});
		}
	}

	@Test
	void upWhenTheServerIsDisabled() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer dialler = TestPeer.start("dialler", "p2p.server.enabled=false",
						"p2p.peers=" + hub.address())) {
			P2pHealthIndicator indicator = dialler.context.getBean(P2pHealthIndicator.class);

			await().untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("server", "disabled")
					.containsEntry("connectedPeers", 1)
					.doesNotContainKey("port");
			});
		}
	}

	@Test
	void outOfServiceWhenTheNodeIsNotRunning() {
		String nobody = "127.0.0.1:" + FreePorts.find();
		try (TestPeer peer = TestPeer.start("peer", "p2p.peers=" + nobody)) {
			P2pHealthIndicator indicator = peer.context.getBean(P2pHealthIndicator.class);

			peer.node.stop();

			Map<String, Object> details = indicator.health().getDetails();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(details).containsEntry("running", false)
				.containsEntry("server", "not listening")
				.containsEntry("connectedPeers", 0)
				.containsEntry("unreachableStaticPeers", List.of(nobody));
		}
	}

	/** Keeps the server connection factory, to stop it behind the node's back. */
	@Configuration(proxyBeanMethods = false)
	static class ServerFactoryCapture {

		final List<TcpNetServerConnectionFactory> servers = new CopyOnWriteArrayList<>();

		@Bean
		ConnectionFactoryCustomizer serverFactoryCapture() {
			return (factory) -> {
				if (factory instanceof TcpNetServerConnectionFactory server) {
					this.servers.add(server);
				}
			};
		}

	}

}
