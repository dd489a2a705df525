package dev.p2p.it;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.listener.PacketListener;
import dev.p2p.peer.StreamResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21+, every thread a node starts is
 * virtual: connection readers and accept loops, writers, the listener pool, the timer, stream
 * pumps and stream listeners, and discovery's receiver and timer. Virtual threads are not in
 * {@link Thread#getAllStackTraces()}, so any {@code p2p-} thread found there is a platform
 * thread the node started. The one exception is {@code p2p-await-<node>}: the non-daemon thread
 * that keeps a peer-only application's JVM up, which a virtual thread (always a daemon) cannot do.
 */
class VirtualThreadsIntegrationTests {

	@Test
	void everyThreadANodeStartsIsVirtual() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		int udpPort = DiscoveryIntegrationTests.freeUdpPort();
		String[] properties = { "spring.threads.virtual.enabled=true", "p2p.discovery.enabled=true",
				"p2p.discovery.port=" + udpPort, "p2p.discovery.interface=lo", "p2p.discovery.interval=300ms",
				"p2p.discovery.peer-exchange=true", "p2p.heartbeat.interval=200ms", "p2p.heartbeat.timeout=5s" };
		Class<?>[] probe = { ThreadProbe.class };
		try (TestPeer alpha = TestPeer.start("alpha", probe, properties);
				TestPeer beta = TestPeer.start("beta", probe, properties)) {
			// found by discovery (UDP), not configured
			await().atMost(Duration.ofSeconds(20)).until(() -> alpha.isConnectedTo("beta") && beta.isConnectedTo("alpha"));
			alpha.packets.send("beta", TestPacketType.TEXT, "hello");
			assertThat(alpha.packets.request("beta", TestPacketType.DELAY, "10", String.class).get(10, TimeUnit.SECONDS))
				.isEqualTo("done-10");
			StreamResult streamed = alpha.packets
				.stream("beta", TestPacketType.BLOB, new ByteArrayInputStream(SeededData.bytes(200_000, 1)))
				.get(20, TimeUnit.SECONDS);
			assertThat(streamed.bytes()).isEqualTo(200_000);
			await().until(() -> !beta.context.getBean(ThreadProbe.class).listenerThreads.isEmpty());
			// a heartbeat round trip ran on the timer and the readers
			await().until(() -> alpha.node.getSessions().get(0).getRoundTripTime() != null);

			assertThat(beta.context.getBean(ThreadProbe.class).listenerThreads).allMatch(VirtualThreadsIntegrationTests::isVirtual);
			List<String> platform = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread) && thread.getName().startsWith("p2p-"))
				.map(Thread::getName)
				.filter((name) -> !name.startsWith("p2p-await-"))
				.sorted()
				.collect(Collectors.toList());
			assertThat(platform).as("platform threads started by the nodes").isEmpty();
		}
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Records the threads listeners run on. */
	@Configuration(proxyBeanMethods = false)
	static class ThreadProbe {

		final ConcurrentLinkedQueue<Thread> listenerThreads = new ConcurrentLinkedQueue<>();

		@Bean
		ThreadProbeListener threadProbeListener() {
			return new ThreadProbeListener(this.listenerThreads);
		}

	}

	static class ThreadProbeListener {

		private final ConcurrentLinkedQueue<Thread> threads;

		ThreadProbeListener(ConcurrentLinkedQueue<Thread> threads) {
			this.threads = threads;
		}

		@PacketListener("TEXT")
		void onText(String text) {
			this.threads.add(Thread.currentThread());
		}

	}

}
