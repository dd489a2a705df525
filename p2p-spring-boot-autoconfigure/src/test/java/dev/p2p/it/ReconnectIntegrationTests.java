package dev.p2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 4: a graceful goodbye followed at once by a new connection always succeeds, a
 * dial to a node already connected answers with that session, and a fast reconnect never
 * throws away packets queued on a live session.
 */
class ReconnectIntegrationTests {

	private static final Log logger = LogFactory.getLog(ReconnectIntegrationTests.class);

	@Test
	void connectGoodbyeConnectAtOnceAlwaysSucceeds() throws Exception {
		int cycles = Soak.of(300, 5000);
		try (// the cycles dial far faster than the default inbound connection rate allows; that limit
		// has its own test (LimitsIntegrationTests)
		TestPeer server = TestPeer.start("n00", "p2p.limits.connection-rate=0"); TestPeer client = TestPeer.start("client")) {
			PeerAddress address = PeerAddress.parse(server.address());
			List<String> failures = new ArrayList<>();
			int done = 0;
			for (; done < cycles && failures.size() < 5; done++) {
				try {
					PeerSession session = client.node.connect(address).get(10, TimeUnit.SECONDS);
					assertThat(session.getNodeId()).isEqualTo("n00");
					// a dial to a node already connected is answered by its session
					PeerSession again = client.node.connect(address).get(10, TimeUnit.SECONDS);
					assertThat(again.getNodeId()).isEqualTo("n00");
				}
				catch (Exception ex) {
					failures.add("cycle " + done + ": " + ex);
				}
				client.node.disconnect("n00");
			}
			logger.info("connect/BYE/connect: " + failures.size() + " of " + done + " cycles failed " + failures);
			assertThat(failures).as("failed cycles of %d", done).isEmpty();
		}
	}

	@Test
	void aDialDeniedAsADuplicateOfAGoneSessionIsRepeatedAtOnce() throws Exception {
		int cycles = Soak.of(200, 3000);
		// alpha dials zulu; zulu says goodbye and dials back at once. While alpha has not read the
		// goodbye, its own (older) connection wins the tie-break (§5.7 rule 3) and zulu's dial is
		// denied as a duplicate of a session zulu no longer has: zulu dials again once, at once
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.limits.connection-rate=0");
				TestPeer zulu = TestPeer.start("zulu", "p2p.limits.connection-rate=0")) {
			alpha.recorder.recordEvents = false;
			zulu.recorder.recordEvents = false;
			PeerAddress zuluAddress = PeerAddress.parse(zulu.address());
			PeerAddress alphaAddress = PeerAddress.parse(alpha.address());
			List<String> failures = new ArrayList<>();
			int done = 0;
			for (; done < cycles && failures.size() < 5; done++) {
				try {
					alpha.node.connect(zuluAddress).get(10, TimeUnit.SECONDS);
					await().pollInterval(Duration.ofMillis(10)).until(() -> zulu.isConnectedTo("alpha"));
					zulu.node.disconnect("alpha");
					PeerSession back = zulu.node.connect(alphaAddress).get(10, TimeUnit.SECONDS);
					assertThat(back.getNodeId()).isEqualTo("alpha");
					zulu.node.disconnect("alpha");
				}
				catch (Exception ex) {
					failures.add("cycle " + done + ": " + ex);
				}
				await().pollInterval(Duration.ofMillis(10))
					.until(() -> !alpha.isConnectedTo("zulu") && !zulu.isConnectedTo("alpha"));
			}
			logger.info("BYE then dial back: " + failures.size() + " of " + done + " cycles failed " + failures);
			assertThat(failures).as("failed cycles of %d", done).isEmpty();
		}
	}

	@Test
	void aFastReconnectLosesNoQueuedPacket() throws Exception {
		// zulu dials alpha; alpha's own dial to zulu wins the tie-break and displaces that session
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.send.queue-capacity=64MB", "p2p.send.timeout=30s");
				TestPeer zulu = TestPeer.start("zulu", "p2p.peers=" + alpha.address(), "p2p.listener.queue-capacity=64KB")) {
			await().until(() -> alpha.isConnectedTo("zulu") && zulu.isConnectedTo("alpha"));
			byte[] payload = new byte[1024];
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			// zulu's listener blocks; the kernel's socket buffers absorb a varying amount (tcp_rmem
			// may allow 32 MB), so send until at least 4 MB wait in alpha's own send queue
			while (alpha.session("zulu").getQueuedBytes() <= 4_000_000 && sent.size() < 60_000) {
				for (int i = 0; i < 1_000; i++) {
					sent.add(alpha.packets.sendAsync("zulu", TestPacketType.BLOCK, payload));
				}
				Thread.onSpinWait();
			}
			int packets = sent.size();
			logger.info("fast reconnect: " + packets + " packets sent, " + alpha.session("zulu").getQueuedBytes()
					+ " bytes wait in alpha's send queue");
			alpha.node.connect(PeerAddress.parse(zulu.address())).get(10, TimeUnit.SECONDS);
			zulu.recorder.blockGate.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(CompletableFuture::isDone));
			long failed = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
			logger.info("fast reconnect: " + failed + " of " + packets + " queued packets failed; zulu's listener got "
					+ zulu.recorder.blockCount.get());
			assertThat(failed).as("queued packets thrown away by the reconnect").isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> zulu.recorder.blockCount.get() == packets);
		}
	}

}
