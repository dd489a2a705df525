package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.event.PeerConnectedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 1: a listener that blocks on one peer's packets holds back only that peer.
 * Bravo runs in a JVM of its own with a 96 MB heap and four listener threads; its BLOCK
 * listener never returns (until interrupted). Alpha floods bravo with 1 KiB BLOCK packets, so
 * its writes stall, its write watchdog cuts the connection and it redials, again and again;
 * meanwhile charlie asks bravo for INFO every 200 ms. Bravo must keep answering charlie, keep
 * its heap, and not have every listener thread pinned by alpha's dead sessions.
 */
class SlowListenerIntegrationTests {

	private static final Log logger = LogFactory.getLog(SlowListenerIntegrationTests.class);

	private static final int LISTENER_THREADS = 4;

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

	@Test
	void aBlockingListenerForOnePeerNeverStopsTheNodeServingOthers() throws Exception {
		Duration run = Soak.of(Duration.ofSeconds(30), Duration.ofMinutes(3));
		try (ForkedPeers bravo = ForkedPeers.withHeap("96m", "bravo", "p2p.listener.threads=" + LISTENER_THREADS,
				"p2p.heartbeat.interval=500ms", "p2p.heartbeat.timeout=2s");
				TestPeer alpha = TestPeer.start("alpha", "p2p.peers=" + bravo.address(), "p2p.send.timeout=1s",
						"p2p.heartbeat.interval=500ms", "p2p.heartbeat.timeout=2s");
				TestPeer charlie = TestPeer.start("charlie", "p2p.peers=" + bravo.address())) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> alpha.isConnectedTo("bravo") && charlie.isConnectedTo("bravo"));
			ForkedCommands.Heap before = bravo.heap();
			AtomicBoolean flooding = new AtomicBoolean(true);
			Thread flood = new Thread(() -> flood(alpha, flooding), "alpha-flood");
			flood.setDaemon(true);
			flood.start();
			List<String> unanswered = new ArrayList<>();
			long slowest = 0;
			long start = System.nanoTime();
			long end = start + run.toNanos();
			try {
				while (System.nanoTime() < end && unanswered.size() < 3 && !bravo.ranOutOfMemory()) {
					long asked = System.nanoTime();
					try {
						charlie.packets.request("bravo", TestPacketType.INFO, "?", String.class)
							.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
						slowest = Math.max(slowest, System.nanoTime() - asked);
					}
					catch (Exception ex) {
						unanswered.add("at " + ((asked - start) / 1_000_000) + " ms: " + ex);
					}
					Thread.sleep(200); // pace: one question every 200 ms, not a wait for a condition
				}
			}
			finally {
				flooding.set(false);
				flood.join(10_000);
			}
			long reconnects = alpha.recorder.events(PeerConnectedEvent.class)
				.stream()
				.filter((event) -> event.getNodeId().equals("bravo"))
				.count() - 1;
			String oom = bravo.ranOutOfMemory() ? "bravo ran out of heap" : "";
			if (oom.isEmpty()) {
				// a session displaced by alpha's redial has its received packets handled within the
				// receive grace (10 s after it closed), then its listener is interrupted
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> bravo.heap().blocked() <= 1);
			}
			ForkedCommands.Heap after = oom.isEmpty() ? bravo.heap() : null;
			logger.info("slow listener: alpha reconnected " + reconnects + " times; charlie's slowest answer "
					+ (slowest / 1_000_000) + " ms, unanswered " + unanswered + "; bravo heap before "
					+ before.usedMegabytes() + " MB, after " + ((after != null) ? after.usedMegabytes() + " MB, "
							+ after.blocked() + " listener threads blocked, " + after.threads() + " threads" : oom));
			assertThat(reconnects).as("alpha's stalled connection to bravo was cut and redialled").isGreaterThanOrEqualTo(3);
			assertThat(oom).as("bravo's heap").isEmpty();
			assertThat(unanswered).as("charlie's questions to bravo, each answered within " + ANSWER_WITHIN).isEmpty();
			assertThat(after.blocked()).as("bravo's listener threads pinned by alpha's sessions").isLessThanOrEqualTo(1);
			assertThat(after.used() - before.used()).as("bravo's heap growth after GC (bytes)")
				.isLessThan(24L * 1024 * 1024);
		}
	}

	/** Alpha sends 1 KiB BLOCK packets to bravo as fast as they are taken, whatever happens. */
	private static void flood(TestPeer alpha, AtomicBoolean flooding) {
		byte[] payload = new byte[1024];
		while (flooding.get()) {
			try {
				alpha.packets.send("bravo", TestPacketType.BLOCK, payload);
			}
			catch (RuntimeException ex) {
				if (!alpha.isConnectedTo("bravo")) {
					try {
						Thread.sleep(10); // not connected: wait for the redial rather than spin
					}
					catch (InterruptedException interrupted) {
						return;
					}
				}
			}
		}
	}

}
