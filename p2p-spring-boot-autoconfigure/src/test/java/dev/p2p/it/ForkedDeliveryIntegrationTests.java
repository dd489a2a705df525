package dev.p2p.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.delivery.DeliveryEngine;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.peer.StreamResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 with a peer in its own JVM, while SEQ packets flow both ways in exactly-once: frozen
 * with SIGSTOP past the heartbeat timeout, every packet arrives once and in order on both sides
 * after it thaws and the session resumes, and a stream to it goes on and arrives intact; killed with {@code kill -9} and restarted, the new
 * instance gets, in order, everything from the first packet its predecessor had not
 * acknowledged (at-least-once across the restart), and what the killed peer sent arrived
 * once and in order. The forked peers keep counts only, never the numbers themselves.
 */
class ForkedDeliveryIntegrationTests {

	private static final Log logger = LogFactory.getLog(ForkedDeliveryIntegrationTests.class);

	private static final String[] HEARTBEAT = { "p2p.heartbeat.interval=200ms", "p2p.heartbeat.timeout=1500ms" };

	private static final int PACKETS = 30_000;

	@Test
	void aPeerFrozenPastTheHeartbeatTimeoutGetsEveryPacketOnceAndInOrder() throws Exception {
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.delivery.mode=exactly-once", HEARTBEAT[0], HEARTBEAT[1]);
				ForkedPeers beta = ForkedPeers.withHeap("128m", "beta", "p2p.delivery.mode=exactly-once",
						"p2p.peers=" + alpha.address(), HEARTBEAT[0], HEARTBEAT[1])) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> alpha.isConnectedTo("beta") && beta.sessions().contains("alpha"));
			beta.command("seq-send alpha " + PACKETS, Duration.ofSeconds(10));
			Sender toBeta = new Sender(alpha, "beta");
			await().atMost(Duration.ofSeconds(60)).until(() -> toBeta.sent.get() >= PACKETS / 3);
			beta.signal("STOP");
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> !alpha.isConnectedTo("beta"));
			}
			finally {
				beta.signal("CONT");
			}
			toBeta.done.get(120, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> alpha.recorder.sequenceCount.get() >= PACKETS
						&& beta.command("seq", Duration.ofSeconds(10)).startsWith("count=" + PACKETS + " "));
			String atBeta = beta.command("seq", Duration.ofSeconds(10));
			logger.info("SIGSTOP past the heartbeat timeout, exactly-once, " + PACKETS + " packets each way: beta got "
					+ atBeta + ", alpha got count=" + alpha.recorder.sequenceCount.get() + " outOfOrder="
					+ alpha.recorder.outOfOrder.get());
			assertThat(atBeta).isEqualTo("count=" + PACKETS + " outOfOrder=0");
			assertThat(alpha.recorder.sequenceCount.get()).isEqualTo(PACKETS);
			assertThat(alpha.recorder.outOfOrder.get()).isZero();
		}
	}

	@Test
	void aStreamToAPeerFrozenPastTheHeartbeatTimeoutResumesAndArrivesIntact() throws Exception {
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.delivery.mode=exactly-once", HEARTBEAT[0], HEARTBEAT[1]);
				ForkedPeers beta = ForkedPeers.withHeap("128m", "beta", "p2p.delivery.mode=exactly-once",
						"p2p.peers=" + alpha.address(), HEARTBEAT[0], HEARTBEAT[1])) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> alpha.isConnectedTo("beta") && beta.sessions().contains("alpha"));
			long length = 8L * 1024 * 1024;
			AtomicLong read = new AtomicLong();
			CompletableFuture<StreamResult> result = alpha.packets.stream("beta", TestPacketType.BLOB,
					new CountingInputStream(new SeededData(length, 21), read));
			await().atMost(Duration.ofSeconds(60)).until(() -> read.get() >= length / 4 || result.isDone());
			beta.signal("STOP");
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> !alpha.isConnectedTo("beta"));
				// suspended, not broken
				assertThat(result).isNotDone();
			}
			finally {
				beta.signal("CONT");
			}
			// beta confirms with STREAM_DONE only once the length and SHA-256 it read match
			StreamResult sent = result.get(90, TimeUnit.SECONDS);
			assertThat(sent.bytes()).isEqualTo(length);
			assertThat(sent.sha256()).isEqualTo(SeededData.sha256(SeededData.bytes((int) length, 21)));
		}
	}

	@Test
	void aPeerKilledAndRestartedGetsEverythingItsPredecessorDidNotAcknowledge() throws Exception {
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.delivery.mode=exactly-once")) {
			ForkedPeers first = ForkedPeers.withHeap("128m", "beta", "p2p.delivery.mode=exactly-once",
					"p2p.peers=" + alpha.address());
			Sender toBeta;
			long acknowledged;
			try {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> alpha.isConnectedTo("beta") && first.sessions().contains("alpha"));
				first.command("seq-send alpha " + PACKETS, Duration.ofSeconds(10));
				toBeta = new Sender(alpha, "beta");
				await().atMost(Duration.ofSeconds(60)).until(() -> toBeta.sent.get() >= PACKETS / 3);
			}
			finally {
				// kill -9
				first.process.destroyForcibly();
				first.close();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> !alpha.isConnectedTo("beta"));
			toBeta.paused.set(true);
			await().until(toBeta::isPaused);
			// what alpha holds is what the killed instance had not acknowledged
			acknowledged = toBeta.sent.get()
					- alpha.context.getBean(DeliveryEngine.class).unacknowledged().getOrDefault("beta", 0);
			toBeta.paused.set(false);
			long fromFirst = alpha.recorder.sequenceCount.get();
			assertThat(alpha.recorder.outOfOrder.get()).as("the killed peer's packets, once and in order").isZero();
			try (ForkedPeers second = ForkedPeers.withHeap("128m", "beta", "p2p.delivery.mode=exactly-once",
					"p2p.peers=" + alpha.address(), "test.seq-relative=true")) {
				toBeta.done.get(120, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(90))
					.until(() -> second.command("seq", Duration.ofSeconds(10))
						.startsWith("count=" + (PACKETS - firstReceived(second)) + " "));
				long firstReceived = firstReceived(second);
				String atSecond = second.command("seq", Duration.ofSeconds(10));
				logger.info("kill -9 and restart, exactly-once, " + PACKETS + " packets to beta: the killed instance "
						+ "acknowledged " + acknowledged + ", the new one got " + atSecond + " from " + firstReceived
						+ "; alpha got " + fromFirst + " of the killed instance's packets, in order");
				assertThat(firstReceived).as("first packet the new instance got, vs acknowledged by the old one")
					.isLessThanOrEqualTo(acknowledged);
				assertThat(atSecond).isEqualTo("count=" + (PACKETS - firstReceived) + " outOfOrder=0");
			}
		}
	}

	private static long firstReceived(ForkedPeers peer) throws Exception {
		return Long.parseLong(peer.command("seq-first", Duration.ofSeconds(10)).substring("first=".length()));
	}

	/** Sends SEQ 0..PACKETS-1 to a peer in the background, retrying while refused; can pause. */
	private static final class Sender {

		final AtomicLong sent = new AtomicLong();

		final AtomicBoolean paused = new AtomicBoolean();

		private volatile boolean waiting;

		final CompletableFuture<Void> done;

		Sender(TestPeer from, String to) {
			this.done = CompletableFuture.runAsync(() -> {
				long number = 0;
				while (number < PACKETS) {
					if (this.paused.get()) {
						this.waiting = true;
						Thread.onSpinWait();
						continue;
					}
					this.waiting = false;
					if (send(from, to, ByteBuffer.allocate(8).putLong(number).array())) {
						number++;
						this.sent.incrementAndGet();
					}
				}
			});
		}

		/**
		 * Whether the sender sends nothing now: it waits, or it has sent every packet already (the
		 * replay buffer took the rest when the peer was killed late).
		 */
		boolean isPaused() {
			return this.waiting || this.done.isDone();
		}

		private static boolean send(TestPeer from, String to, byte[] payload) {
			try {
				from.packets.send(to, TestPacketType.SEQ, payload);
				return true;
			}
			catch (SendQueueFullException | PeerNotConnectedException ex) {
				return false;
			}
		}

	}

}
