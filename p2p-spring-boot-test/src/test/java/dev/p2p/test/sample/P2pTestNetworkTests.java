package dev.p2p.test.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.p2p.core.PacketOperations;
import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.test.network.P2pTestNetwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of the test application in one JVM, with faults injected on their links.
 */
class P2pTestNetworkTests {

	static P2pTestNetwork network;

	@BeforeAll
	static void start() {
		network = P2pTestNetwork.of(EchoApplication.class)
			.nodes("a", "b", "c")
			.properties("p2p.heartbeat.interval=200ms", "p2p.heartbeat.timeout=1s", "p2p.handshake.timeout=1s",
					"p2p.reconnect.initial-delay=50ms", "p2p.reconnect.max-delay=300ms")
			.start();
	}

	@AfterAll
	static void stop() {
		network.close();
	}

	@BeforeEach
	void meshed() {
		network.heal();
		network.awaitFullMesh();
	}

	@Test
	void aBroadcastReachesEveryOtherNode() {
		int sent = packets(network.node("a")).broadcast(EchoType.PING, new Ping("to all"));
		assertThat(sent).isEqualTo(2);
		for (String id : List.of("b", "c")) {
			await().until(() -> network.node(id).getBean(EchoListener.class).pings.contains("to all"));
		}
		// each answered with a PONG packet, addressed to a
		await().until(() -> network.node("a").getBean(EchoListener.class).pongs.stream()
			.filter((pong) -> pong.text().equals("to all")).count() == 2);
	}

	@Test
	void aPartitionedNodeTimesOutAndRejoinsAfterHealing() {
		Recorder events = Recorder.of(network.node("a"));
		network.partition(List.of("a"), List.of("b", "c"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !network.peerNode("a").findSession("b").isPresent()
				&& !network.peerNode("a").findSession("c").isPresent());
		assertThat(events.disconnects()).extracting(PeerDisconnectedEvent::getReason).contains(DisconnectReason.TIMEOUT);
		// b and c still talk to each other
		assertThat(network.isConnected("b", "c")).isTrue();
		network.heal();
		network.awaitConnected("a", "b");
		network.awaitConnected("a", "c");
	}

	@Test
	void aDelayedLinkSlowsEveryRoundTrip() throws Exception {
		PacketOperations<EchoType> b = packets(network.node("b"));
		network.link("a", "b").delay(Duration.ofMillis(300));
		long start = System.nanoTime();
		Pong pong = b.request("a", EchoType.PING, new Ping("slow"), Pong.class).get(5, TimeUnit.SECONDS);
		long elapsed = System.nanoTime() - start;
		assertThat(pong.text()).isEqualTo("slow");
		// 300 ms there and 300 ms back
		assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
		network.link("a", "b").delay(Duration.ZERO);
		assertThat(network.isConnected("a", "b")).isTrue();
	}

	@Test
	void aCutLinkIsRedialled() {
		Recorder events = Recorder.of(network.node("c"));
		network.link("c", "a").cut();
		await().until(() -> !events.disconnects().isEmpty());
		network.awaitConnected("a", "c");
	}

	/** The application's {@code PacketOperations<EchoType>}, looked up by its generic type. */
	private static PacketOperations<EchoType> packets(org.springframework.beans.factory.BeanFactory context) {
		return context.<PacketOperations<EchoType>>getBeanProvider(org.springframework.core.ResolvableType
			.forClassWithGenerics(PacketOperations.class, EchoType.class)).getObject();
	}

}
