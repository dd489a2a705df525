package dev.p2p.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 2: a node's heap stays flat however many distinct addresses it dials and
 * however many connections it has accepted and closed. Each runs in a JVM of its own with a
 * 96 MB heap that reports its heap after a full collection.
 */
class DialChurnIntegrationTests {

	private static final Log logger = LogFactory.getLog(DialChurnIntegrationTests.class);

	private static final long MEGABYTE = 1024 * 1024;

	/** Third octet of the first refusing address (127.0.40.1 onwards; nothing listens there). */
	private static final int REFUSING_OCTET = 40;

	/** Third octet of the accepting addresses (127.0.30.x): servers that accept and close at once. */
	private static final int ACCEPTING_OCTET = 30;

	@Test
	void dialledAddressesLeaveNoTrace() throws Exception {
		// a short form in the test command (the leak this guards against cost about 20 KiB per
		// address, 60 MB here); -Dp2p.soak=true dials 100,000
		int addresses = Soak.of(3000, 100_000);
		int accepting = 100;
		int refusedPort = FreePorts.find();
		List<ServerSocket> servers = new ArrayList<>();
		ExecutorService acceptors = Executors.newCachedThreadPool();
		try (ForkedPeers dialler = ForkedPeers.withHeap("96m", "dialler", "p2p.connect-timeout=2s",
				"p2p.handshake.timeout=1s")) {
			int acceptPort = FreePorts.find();
			for (int i = 0; i < accepting; i++) {
				ServerSocket server = new ServerSocket();
				server.bind(new InetSocketAddress("127.0." + ACCEPTING_OCTET + "." + (1 + i), acceptPort));
				servers.add(server);
				acceptors.execute(() -> acceptAndClose(server));
			}
			// warm up: the first dials load classes and start pools
			dialler.command("dial " + REFUSING_OCTET + " 0 200 " + refusedPort + " 32", Duration.ofSeconds(120));
			ForkedCommands.Heap before = dialler.heap();
			String accepted = dialler.command("dial " + ACCEPTING_OCTET + " 0 " + accepting + " " + acceptPort + " 32",
					Duration.ofSeconds(120));
			String refused = "";
			for (int first = 200; first < addresses && !dialler.ranOutOfMemory(); first += 1000) {
				refused = dialler.command("dial " + REFUSING_OCTET + " " + first + " " + Math.min(1000, addresses - first)
						+ " " + refusedPort + " 32", Duration.ofSeconds(300));
			}
			assertThat(dialler.ranOutOfMemory()).as("the dialler ran out of heap").isFalse();
			ForkedCommands.Heap after = dialler.heap();
			logger.info("dialled " + addresses + " refusing and " + accepting + " accept-and-close addresses ("
					+ accepted + "; last batch " + refused + "): heap after GC " + before.usedMegabytes() + " MB before, "
					+ after.usedMegabytes() + " MB after, " + after.threads() + " threads");
			assertThat(ForkedCommands.fields(accepted).get("failed")).isEqualTo(Integer.toString(accepting));
			assertThat(after.used() - before.used()).as("heap growth after GC (bytes) for %d dialled addresses", addresses)
				.isLessThan(4 * MEGABYTE);
		}
		finally {
			for (ServerSocket server : servers) {
				server.close();
			}
			acceptors.shutdownNow();
		}
	}

	@Test
	void aBurstOfHandshakesPinsNoClosedConnection() throws Exception {
		int handshakes = Soak.of(3000, 10_000);
		try (ForkedPeers server = ForkedPeers.withHeap("96m", "server", "p2p.limits.connection-rate=0",
				"p2p.limits.max-connections-per-address=0", "p2p.limits.max-connections=0",
				"p2p.limits.max-handshaking-per-address=0")) {
			burst(server, 200);
			ForkedCommands.Heap before = awaitIdleThreadsEnded(server, null);
			burst(server, handshakes);
			assertThat(server.ranOutOfMemory()).as("the server ran out of heap").isFalse();
			// idle reader threads (tcp) end after a short keep-alive; what they held goes with them
			awaitIdleThreadsEnded(server, before);
			// timers of closed connections (netty's close grace, 2 s) may hold them a little longer;
			// no further accept may be needed to release what the closed connections held
			AtomicReference<ForkedCommands.Heap> after = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				after.set(server.heap());
				assertThat(after.get().used() - before.used())
					.as("heap growth after GC (bytes) after %d handshakes", handshakes)
					.isLessThan(2 * MEGABYTE);
			});
			logger.info(handshakes + " concurrent handshakes, then all closed: heap after GC " + before.usedMegabytes()
					+ " MB before, " + after.get().usedMegabytes() + " MB after, " + after.get().threads() + " threads");
		}
	}

	/**
	 * Wait until the fork's idle connection threads have ended (they are kept a few seconds
	 * for reuse), then report its heap.
	 * @param before the figures to come back to, or {@code null} to wait for a steady count
	 */
	private static ForkedCommands.Heap awaitIdleThreadsEnded(ForkedPeers server, ForkedCommands.Heap before)
			throws Exception {
		AtomicReference<ForkedCommands.Heap> last = new AtomicReference<>(server.heap());
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			ForkedCommands.Heap previous = last.getAndSet(server.heap());
			int threads = last.get().threads();
			return (before != null) ? threads <= before.threads() + 4 : threads == previous.threads();
		});
		return last.get();
	}

	/**
	 * Open {@code count} connections that each complete a handshake, sixteen handshakes at a
	 * time, keep them all open, then close them all and wait until the server saw every close.
	 */
	private static void burst(ForkedPeers server, int count) throws Exception {
		List<RawPeer> open = Collections.synchronizedList(new ArrayList<>());
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < 16; c++) {
				int client = c;
				done.add(clients.submit(() -> {
					for (int i = client; i < count; i += 16) {
						RawPeer peer = new RawPeer(server.port());
						open.add(peer);
						peer.hello("burst-" + i, UUID.randomUUID().toString(), "default");
						Frame answer = peer.receive();
						assertThat(answer.type()).as("answer to burst-%d: %s", i, answer.type() == ControlCode.DENY
								? new String(answer.payload(), StandardCharsets.UTF_8) : answer).isEqualTo(ControlCode.ACCEPT);
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			clients.shutdownNow();
			clients.awaitTermination(30, TimeUnit.SECONDS);
			synchronized (open) {
				for (RawPeer peer : open) {
					peer.close();
				}
			}
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> server.sessions().isEmpty());
	}

	private static void acceptAndClose(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				// closed at once: the dial fails after the TCP connection was made
			}
			catch (IOException ex) {
				return;
			}
		}
	}

}
