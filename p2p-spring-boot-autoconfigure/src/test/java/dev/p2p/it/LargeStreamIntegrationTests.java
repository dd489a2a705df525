package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A gibibyte streamed to a peer in a forked JVM with a 256 MB heap while requests keep going
 * back and forth on the same connection, and a stream whose receiving process is killed.
 */
class LargeStreamIntegrationTests {

	private static final Log logger = LogFactory.getLog(LargeStreamIntegrationTests.class);

	private static final long GIBIBYTE = 1L << 30;

	/** SHA-256 of {@code new SeededData(1 GiB, 42)}, computed once outside the test. */
	private static final String GIBIBYTE_SHA256 = "7d3f6884019ff12154818158b54108df64bab2ddbf63e89939af3c82b92a02fa";

	@Test
	void gibibyteThroughASmallHeapWhileRequestsKeepFlowing() throws Exception {
		int forkPort = FreePorts.find();
		Process fork = ForkedPeer.start(ForkedStreamPeer.class, "sink", forkPort);
		try (TestPeer hub = TestPeer.start("hub", "p2p.peers=127.0.0.1:" + forkPort)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> hub.isConnectedTo("sink"));
			assertThat(info(hub)).endsWith("maxHeap=" + heapOf256m(hub));
			long started = System.nanoTime();
			CompletableFuture<StreamResult> result = hub.packets.stream("sink", TestPacketType.SINK,
					StreamContent.of(new SeededData(GIBIBYTE, 42)).named("gibibyte").withSize(GIBIBYTE));
			List<Long> latencies = new ArrayList<>();
			while (!result.isDone()) {
				long sent = System.nanoTime();
				assertThat(info(hub)).startsWith("sunk=");
				latencies.add(System.nanoTime() - sent);
				try {
					// pace the requests: at most one every 5 ms
					result.get(5, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					// still streaming
				}
			}
			StreamResult done = result.get();
			long millis = (System.nanoTime() - started) / 1_000_000;
			assertThat(done.bytes()).isEqualTo(GIBIBYTE);
			assertThat(done.sha256()).isEqualTo(GIBIBYTE_SHA256);
			assertThat(info(hub)).startsWith("sunk=" + GIBIBYTE + " ");
			assertThat(latencies).isNotEmpty();
			Collections.sort(latencies);
			logger.info("1 GiB streamed in " + millis + " ms (" + (GIBIBYTE / 1024 / 1024 * 1000 / Math.max(1, millis))
					+ " MiB/s); " + latencies.size() + " requests meanwhile, round trip p50 "
					+ micros(latencies, 0.5) + " us, p99 " + micros(latencies, 0.99) + " us, max "
					+ micros(latencies, 1.0) + " us");
		}
		finally {
			fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void receiverKilledMidStreamFailsTheSender() throws Exception {
		int forkPort = FreePorts.find();
		Process fork = ForkedPeer.start(ForkedStreamPeer.class, "sink", forkPort);
		try (TestPeer hub = TestPeer.start("hub", "p2p.peers=127.0.0.1:" + forkPort)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> hub.isConnectedTo("sink"));
			CompletableFuture<StreamResult> result = hub.packets.stream("sink", TestPacketType.SINK,
					new SeededData(Long.MAX_VALUE, 1));
			await().until(() -> !hub.session("sink").getUnacknowledgedStreamBytes().isEmpty()
					&& hub.session("sink").getBytesOut() > 10_000_000);
			fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(20, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(StreamFailedException.class, (ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.BROKEN);
					assertThat(ex.getMessage()).contains("stream broken: peer 'sink' disconnected");
				});
		}
		finally {
			fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static String info(TestPeer hub) throws Exception {
		return hub.packets.request("sink", TestPacketType.INFO, "?", String.class).get(10, TimeUnit.SECONDS);
	}

	/** What {@code Runtime.maxMemory()} says in a JVM started with -Xmx256m; it differs by collector. */
	private static String heapOf256m(TestPeer hub) throws Exception {
		String info = info(hub);
		long maxHeap = Long.parseLong(info.substring(info.indexOf("maxHeap=") + 8));
		assertThat(maxHeap).isLessThanOrEqualTo(256L * 1024 * 1024);
		return Long.toString(maxHeap);
	}

	private static long micros(List<Long> sorted, double quantile) {
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1000;
	}

}
