package dev.p2p.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.RequestTimeoutException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.wire.ControlCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 5: whatever happens to the connection under a sender, what the sender sees is
 * the library's own exception ({@link PeerNotConnectedException}, {@link SendQueueFullException},
 * {@link RequestTimeoutException}), never Spring's {@code MessagingException} or an
 * {@code IOException}: here the peer resets its socket (RST) while {@code send},
 * {@code sendAsync} and {@code request} run against it from three threads, and while writes to
 * it block on its full socket buffer.
 */
class SenderFailureIntegrationTests {

	private static final Log logger = LogFactory.getLog(SenderFailureIntegrationTests.class);

	@Test
	void aSenderToAPeerWhoseSocketIsResetSeesOnlyTheLibrarysExceptions() throws Exception {
		int cycles = Soak.of(10, 100);
		Failures failures = new Failures();
		try (TestPeer alpha = TestPeer.start("alpha", "p2p.limits.connection-rate=0", "p2p.send.timeout=1s",
				"p2p.request.timeout=2s")) {
			for (int cycle = 0; cycle < cycles; cycle++) {
				String nodeId = "ghost-" + cycle;
				try (RawPeer ghost = new RawPeer(alpha.port())) {
					ghost.hello(nodeId, "run-" + cycle, "default");
					assertThat(ghost.receive().type()).isEqualTo(ControlCode.ACCEPT);
					await().until(() -> alpha.isConnectedTo(nodeId));
					AtomicBoolean running = new AtomicBoolean(true);
					Queue<CompletableFuture<?>> futures = new ConcurrentLinkedQueue<>();
					// a sender stops queueing futures once the session is gone (they all fail alike)
					byte[] payload = new byte[4096];
					List<Thread> senders = List.of(
							sender(running, failures, () -> alpha.packets.send(nodeId, TestPacketType.SEQ, payload)),
							sender(running, failures, () -> keep(futures, failures,
									alpha.packets.sendAsync(nodeId, TestPacketType.SEQ, payload))),
							sender(running, failures, () -> keep(futures, failures,
									alpha.packets.request(nodeId, TestPacketType.INFO, "?", String.class))));
					senders.forEach(Thread::start);
					// the ghost reads nothing: the writes fill its socket buffer, then the reset lands
					// on writes in progress, blocked writes and queued packets alike
					await().until(() -> alpha.node.findSession(nodeId).map((session) -> session.getQueuedBytes() > 0)
						.orElse(true));
					ghost.reset();
					await().atMost(Duration.ofSeconds(10)).until(() -> !alpha.isConnectedTo(nodeId));
					running.set(false);
					for (Thread sender : senders) {
						sender.join(10_000);
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
					for (CompletableFuture<?> future : futures) {
						if (future.isCompletedExceptionally()) {
							try {
								future.join();
							}
							catch (CompletionException ex) {
								failures.add(ex.getCause());
							}
						}
					}
				}
			}
		}
		logger.info("senders to reset peers: " + failures.count + " failures, kinds " + failures.first.keySet());
		assertThat(failures.first).as("failures").isNotEmpty();
		assertThat(failures.first.values()).as("failures a sender sees are the library's own")
			.allMatch((failure) -> failure instanceof PeerNotConnectedException
					|| failure instanceof SendQueueFullException || failure instanceof RequestTimeoutException);
	}

	/** Keep a future to look at later, unless it failed at once (then only its failure). */
	private static void keep(Queue<CompletableFuture<?>> futures, Failures failures, CompletableFuture<?> future) {
		if (future.isCompletedExceptionally()) {
			try {
				future.join();
			}
			catch (CompletionException ex) {
				failures.add(ex.getCause());
			}
		}
		else {
			futures.add(future);
		}
	}

	/** The first failure of each kind, and how many there were. */
	private static final class Failures {

		final Map<String, Throwable> first = new ConcurrentHashMap<>();

		final AtomicLong count = new AtomicLong();

		void add(Throwable failure) {
			this.count.incrementAndGet();
			// by kind and by what the message says before the peer's name (bounded)
			String message = String.valueOf(failure.getMessage());
			int name = message.indexOf("ghost-");
			this.first.putIfAbsent(failure.getClass().getSimpleName() + ": "
					+ ((name > 0) ? message.substring(0, name) : message), failure);
		}

	}

	/** A thread that runs a send until told to stop, keeping what it throws. */
	private static Thread sender(AtomicBoolean running, Failures failures, Runnable send) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				try {
					send.run();
				}
				catch (RuntimeException ex) {
					failures.add(ex);
					Thread.onSpinWait();
				}
			}
		}, "sender");
		thread.setDaemon(true);
		return thread;
	}

}
