package dev.p2p.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 4: a live session displaced by a newer connection with the same peer
 * (PROTOCOL §5.7) hands the packets queued on it over to the winner; none is lost, duplicated or
 * reordered. A dial by another host name of the same listener ({@code localhost} instead of the
 * advertised {@code 127.0.0.1}) is not answered by the existing session, so it opens a second
 * connection, as two nodes dialling each other or a node dialling on a second address do.
 */
class SessionHandoverIntegrationTests {

	private static final Log logger = LogFactory.getLog(SessionHandoverIntegrationTests.class);

	@Test
	void aDisplacedSessionHandsItsQueuedPacketsToTheWinner() throws Exception {
		// zulu dials alpha; alpha's dial to zulu wins the tie-break (§5.7 rule 3) and displaces it
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.send.queue-capacity=64MB", "p2p.send.timeout=30s");
				TestPeer zulu = TestPeer.start("zulu", "p2p.peers=" + alpha.address(), "p2p.listener.queue-capacity=64KB")) {
			await().until(() -> alpha.isConnectedTo("zulu") && zulu.isConnectedTo("alpha"));
			PeerSession displaced = alpha.session("zulu");
			byte[] payload = new byte[1024];
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			// zulu's listener blocks; send until at least 4 MB wait in alpha's own send queue (the
			// kernel's socket buffers absorb a varying amount first)
			while (displaced.getQueuedBytes() <= 4_000_000 && sent.size() < 60_000) {
				for (int i = 0; i < 1_000; i++) {
					sent.add(alpha.packets.sendAsync("zulu", TestPacketType.BLOCK, payload));
				}
				Thread.onSpinWait();
			}
			int packets = sent.size();
			long queued = displaced.getQueuedBytes();
			PeerSession winner = alpha.node.connect(new PeerAddress("localhost", zulu.port())).get(10, TimeUnit.SECONDS);
			logger.info("handover: " + packets + " packets sent, " + queued + " bytes were queued on the displaced session");
			assertThat(winner).isNotSameAs(displaced);
			// the packets queued on the displaced session leave its queue while zulu's listener is
			// still blocked: they move to the winner (they are not thrown away when it closes)
			await().until(() -> alpha.session("zulu") == winner && !displaced.isActive()
					&& displaced.getQueuedBytes() == 0);
			zulu.recorder.blockGate.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(CompletableFuture::isDone));
			long failed = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
			assertThat(failed).as("queued packets thrown away by the displacement").isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> zulu.recorder.blockCount.get() == packets);
			assertThat(alpha.recorder.events(PeerDisconnectedEvent.class)).extracting(PeerDisconnectedEvent::getReason)
				.containsOnly(DisconnectReason.DUPLICATE);
			assertThat(alpha.isConnectedTo("zulu")).isTrue();
		}
	}

	@Test
	void displacingSessionsWhilePacketsAreQueuedLosesNothing() throws Exception {
		int cycles = Soak.of(200, 3000);
		int perCycle = 200;
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.limits.connection-rate=0");
				TestPeer zulu = TestPeer.start("zulu", "p2p.limits.connection-rate=0")) {
			alpha.recorder.recordEvents = false;
			zulu.recorder.recordEvents = false;
			PeerAddress advertised = PeerAddress.parse(zulu.address());
			PeerAddress other = new PeerAddress("localhost", zulu.port());
			alpha.node.connect(advertised).get(10, TimeUnit.SECONDS);
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			List<String> failures = new ArrayList<>();
			Set<PeerSession> displaced = new HashSet<>();
			long sequence = 0;
			int done = 0;
			for (; done < cycles && failures.size() < 5; done++) {
				for (int i = 0; i < perCycle; i++) {
					sent.add(alpha.packets.sendAsync("zulu", TestPacketType.SEQ,
							ByteBuffer.allocate(Long.BYTES).putLong(sequence++).array()));
				}
				try {
					// a dial by the other name than the current session's opens a new connection: the
					// same dialer's newer one wins (rule 2)
					PeerSession winner = alpha.node.connect((done % 2 == 0) ? other : advertised).get(10, TimeUnit.SECONDS);
					assertThat(winner.getNodeId()).isEqualTo("zulu");
					displaced.add(winner);
				}
				catch (Exception ex) {
					failures.add("cycle " + done + ": " + ex);
				}
			}
			long total = sequence;
			await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().allMatch(CompletableFuture::isDone));
			long failed = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
			// the figures are logged before anything is asserted, so a failing run shows them too
			awaitQuietly(() -> zulu.recorder.sequenceCount.get() >= total - failed, Duration.ofSeconds(30));
			logger.info("displacement cycles: " + failures.size() + " of " + done + " failed " + failures + "; " + failed
					+ " of " + total + " packets failed, " + zulu.recorder.sequenceCount.get() + " arrived, "
					+ zulu.recorder.outOfOrder.get() + " out of order");
			assertThat(failures).as("failed displacements of %d", done).isEmpty();
			assertThat(zulu.recorder.sequenceCount.get()).as("packets arrived").isGreaterThanOrEqualTo(total - failed);
			assertThat(displaced).as("sessions").hasSize(done);
			assertThat(failed).as("packets failed").isZero();
			assertThat(zulu.recorder.sequenceCount.get()).isEqualTo(total);
			assertThat(zulu.recorder.outOfOrder.get()).isZero();
		}
	}

	private static void awaitQuietly(Callable<Boolean> condition, Duration atMost) {
		try {
			await().atMost(atMost).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// asserted after the figures are logged
		}
	}

}
