package dev.p2p.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.peer.SendQueueFullException;
import dev.p2p.session.EngineFixture.Type;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link SessionOutbox} on a connection whose writes block while the peer does not read (a
 * blocking socket, as with the {@code tcp} transport): a sender that writes its own packet on an
 * idle connection never waits beyond its own timeout, and hears when that write is lost.
 */
class SessionOutboxTests {

	private final EngineFixture engine = new EngineFixture((settings) -> {
		settings.setSendQueueCapacity(4096);
		settings.setSendTimeout(Duration.ofSeconds(30));
	});

	private final MemoryConnection connection = this.engine.open(40021);

	private final Frame packet = new Frame(this.engine.packetTypes.codeOf(Type.FIRST), new byte[1024]);

	@AfterEach
	void stop() {
		this.connection.close();
		this.engine.close();
	}

	@Test
	void aSendWithATimeoutShorterThanTheWatchdogsWaitsNoLongerThanItsOwn() {
		this.connection.peerStopsReading();
		// an idle connection: the first send would be written on the sender's thread and block
		// there until the watchdog cuts the connection (p2p.send.timeout, 30 s here)
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatExceptionOfType(SendQueueFullException.class).isThrownBy(() -> {
					for (int i = 0; i < 100; i++) {
						sender().send(session(), null, this.packet, null, Duration.ofMillis(100));
					}
				}).withMessageContaining("stayed full for 100 ms (the send's own timeout)"));
	}

	@Test
	void aPlainSendWhoseOwnWriteIsCutByTheWatchdogIsToldSo() {
		this.connection.peerStopsReading();
		DefaultPeerSession session = session();
		cutByTheWatchdogOnceAWriteBlocks(session);
		assertThatExceptionOfType(SendQueueFullException.class)
			.isThrownBy(() -> sender().send(session, null, this.packet, null))
			.withMessageContaining("took nothing for longer than 30000 ms (p2p.send.timeout)");
	}

	@Test
	void aSendWithAFutureHearsOfItsOwnLostWriteThroughTheFuture() throws Exception {
		this.connection.peerStopsReading();
		DefaultPeerSession session = session();
		cutByTheWatchdogOnceAWriteBlocks(session);
		CompletableFuture<Void> written = new CompletableFuture<>();
		sender().send(session, null, this.packet, written);
		assertThat(written).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(SendQueueFullException.class);
	}

	@Test
	void aWriteForAcknowledgedDeliveryLeavesTheLossToItsReplayBuffer() throws Exception {
		this.connection.peerStopsReading();
		DefaultPeerSession session = session();
		cutByTheWatchdogOnceAWriteBlocks(session);
		// the replay buffer keeps the packet: the sender has nothing to hear
		sender().write(session, null, this.packet, null, TimeUnit.SECONDS.toNanos(30));
		assertThat(this.connection.isOpen()).isFalse();
	}

	private void cutByTheWatchdogOnceAWriteBlocks(DefaultPeerSession session) {
		Thread watchdog = new Thread(() -> {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.connection.writeBlockedNanos(System.nanoTime()) > 0);
			session.outbox.stalled();
			this.connection.close();
		}, "test-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private SessionSender sender() {
		return this.engine.context.sender();
	}

	private DefaultPeerSession session() {
		return (DefaultPeerSession) this.connection.attachment();
	}

}
