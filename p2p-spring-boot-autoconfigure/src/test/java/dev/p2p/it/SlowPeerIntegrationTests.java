package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.MessagingException;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.peer.SendQueueFullException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 5 (with {@link AttackIntegrationTests}): a sender to a peer that stopped
 * reading sees the library's own {@link SendQueueFullException}, never a Spring messaging
 * exception; and a peer that falls silent is declared dead within the heartbeat timeout. The
 * peer is a JVM of its own frozen with SIGSTOP, which from the outside looks like a partition.
 */
class SlowPeerIntegrationTests {

	private static final Log logger = LogFactory.getLog(SlowPeerIntegrationTests.class);

	@Test
	void aSenderToAPeerThatStoppedReadingSeesSendQueueFull() throws Exception {
		// the measurement: 1 KiB packets at 2,000/s, default queue capacity
		try (ForkedPeers frozen = ForkedPeers.withHeap("128m", "frozen");
				TestPeer alpha = TestPeer.start("alpha", "p2p.peers=" + frozen.address(), "p2p.send.timeout=1s",
						"p2p.heartbeat.timeout=60s", "p2p.heartbeat.interval=20s")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> alpha.isConnectedTo("frozen"));
			frozen.signal("STOP");
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			try {
				byte[] payload = new byte[1024];
				long start = System.nanoTime();
				long end = start + Duration.ofSeconds(20).toNanos();
				for (long n = 0; System.nanoTime() < end; n++) {
					CompletableFuture<Void> future = alpha.packets.sendAsync("frozen", TestPacketType.SEQ, payload);
					sent.add(future);
					if (future.isCompletedExceptionally()) {
						break; // refused at once: the queue stayed full, or the session is gone
					}
					long due = start + n * 500_000; // 2,000 packets per second
					long ahead = due - System.nanoTime();
					if (ahead > 1_000_000) {
						Thread.sleep(ahead / 1_000_000); // pacing the sender, not waiting for a condition
					}
				}
			}
			finally {
				frozen.signal("CONT");
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(CompletableFuture::isDone));
			List<Throwable> failures = new ArrayList<>();
			for (CompletableFuture<Void> future : sent) {
				if (future.isCompletedExceptionally()) {
					try {
						future.join();
					}
					catch (CompletionException ex) {
						failures.add(ex.getCause());
					}
				}
			}
			logger.info("sender to a frozen peer: " + sent.size() + " sends, " + failures.size() + " failed; last "
					+ (failures.isEmpty() ? "none" : failures.get(failures.size() - 1)) + "; kinds "
					+ failures.stream().map((failure) -> failure.getClass().getSimpleName()).distinct().toList());
			assertThat(failures).as("failed sends").isNotEmpty();
			assertThat(sent.get(sent.size() - 1).isCompletedExceptionally()).as("the sender was refused").isTrue();
			assertThat(failures.get(failures.size() - 1)).as("what refused the last send")
				.isInstanceOf(SendQueueFullException.class);
			assertThat(failures).as("failures a sender sees are the library's own")
				.noneMatch((failure) -> causes(failure, MessagingException.class));
		}
	}

	@Test
	void aFrozenPeerIsDeclaredDeadWithinTheHeartbeatTimeout() throws Exception {
		Duration timeout = Duration.ofSeconds(2);
		Duration slack = Duration.ofMillis(500);
		int trials = Soak.of(3, 20);
		try (ForkedPeers fork = ForkedPeers.withHeap("128m", "fork", "p2p.heartbeat.interval=1500ms",
				"p2p.heartbeat.timeout=2s");
				TestPeer alpha = TestPeer.start("alpha", "p2p.peers=" + fork.address(), "p2p.heartbeat.interval=1500ms",
						"p2p.heartbeat.timeout=2s")) {
			List<Long> detections = new ArrayList<>();
			for (int trial = 0; trial < trials; trial++) {
				await().atMost(Duration.ofSeconds(30)).until(() -> alpha.isConnectedTo("fork"));
				int lost = timeouts(alpha);
				long frozenAt = System.nanoTime();
				fork.signal("STOP");
				try {
					await().atMost(Duration.ofSeconds(20)).until(() -> timeouts(alpha) > lost);
					detections.add((System.nanoTime() - frozenAt) / 1_000_000);
				}
				finally {
					fork.signal("CONT");
				}
			}
			logger.info("frozen peer declared dead after " + detections + " ms (heartbeat timeout " + timeout.toMillis()
					+ " ms)");
			assertThat(detections).as("ms from the freeze to the disconnect")
				.allMatch((millis) -> millis <= timeout.plus(slack).toMillis());
		}
	}

	private static int timeouts(TestPeer peer) {
		return (int) peer.recorder.events(PeerDisconnectedEvent.class)
			.stream()
			.filter((event) -> event.getReason() == DisconnectReason.TIMEOUT)
			.count();
	}

	private static boolean causes(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
