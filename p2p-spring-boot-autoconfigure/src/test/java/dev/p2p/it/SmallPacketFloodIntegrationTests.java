package dev.p2p.it;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, case 3: the byte limits of the send and listener queues bound the heap for small
 * packets too. Two peers in JVMs of their own with 96 MB heaps flood each other with 64-byte
 * packets; and full queues of 64-byte packets cost about their configured capacity (each queued
 * packet counts a fixed overhead beside its bytes). {@code -Dp2p.soak=true} floods for minutes.
 */
class SmallPacketFloodIntegrationTests {

	private static final Log logger = LogFactory.getLog(SmallPacketFloodIntegrationTests.class);

	private static final long MEGABYTE = 1024 * 1024;

	/** The default {@code p2p.send.queue-capacity} and {@code p2p.listener.queue-capacity}. */
	private static final long QUEUE_CAPACITY = 8 * MEGABYTE;

	@Test
	void smallHeapPeersFloodingEachOtherKeepTheirHeap() throws Exception {
		Duration run = Soak.of(Duration.ofSeconds(25), Duration.ofMinutes(3));
		try (ForkedPeers east = ForkedPeers.withHeap("96m", "east");
				ForkedPeers west = ForkedPeers.withHeap("96m", "west", "p2p.peers=" + east.address())) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> east.sessions().contains("west") && west.sessions().contains("east"));
			long seconds = run.toSeconds();
			east.command("flood west SEQ 64 " + seconds, Duration.ofSeconds(10));
			west.command("flood east SEQ 64 " + seconds, Duration.ofSeconds(10));
			long end = System.nanoTime() + run.toNanos();
			long eastMax = 0;
			long westMax = 0;
			while (System.nanoTime() < end && !east.ranOutOfMemory() && !west.ranOutOfMemory()) {
				eastMax = Math.max(eastMax, east.heap().used());
				westMax = Math.max(westMax, west.heap().used());
			}
			String eastStatus = east.ranOutOfMemory() ? "out of heap" : east.command("flood-stop", Duration.ofSeconds(30));
			String westStatus = west.ranOutOfMemory() ? "out of heap" : west.command("flood-stop", Duration.ofSeconds(30));
			logger.info("64-byte floods: east " + eastStatus + ", heap after GC at most " + eastMax / MEGABYTE
					+ " MB; west " + westStatus + ", at most " + westMax / MEGABYTE + " MB");
			assertThat(east.ranOutOfMemory()).as("east ran out of heap").isFalse();
			assertThat(west.ranOutOfMemory()).as("west ran out of heap").isFalse();
			// a baseline of about 16 MB, a full send queue and a full listener queue, and slack
			assertThat(Math.max(eastMax, westMax)).as("largest heap after GC (bytes)").isLessThan(48 * MEGABYTE);
		}
	}

	@Test
	void fullQueuesOfSmallPacketsCostAboutTheirCapacity() throws Exception {
		try (ForkedPeers receiver = ForkedPeers.withHeap("96m", "receiver");
				ForkedPeers sender = ForkedPeers.withHeap("96m", "sender", "p2p.peers=" + receiver.address(),
						"p2p.send.timeout=120s")) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> receiver.sessions().contains("sender") && sender.sessions().contains("receiver"));
			ForkedCommands.Heap senderBefore = sender.heap();
			ForkedCommands.Heap receiverBefore = receiver.heap();
			// the receiver's BLOCK listener never returns: its listener queue fills, then the
			// socket buffers, then the sender's send queue (one sendAsync future per packet)
			sender.command("flood receiver BLOCK 64 120", Duration.ofSeconds(10));
			AtomicReference<String> last = new AtomicReference<>("");
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				if (sender.ranOutOfMemory() || receiver.ranOutOfMemory()) {
					return true;
				}
				String sent = ForkedCommands.fields(sender.command("flood-status", Duration.ofSeconds(30))).get("sent");
				return sent.equals(last.getAndSet(sent));
			});
			assertThat(sender.ranOutOfMemory()).as("the sender ran out of heap").isFalse();
			assertThat(receiver.ranOutOfMemory()).as("the receiver ran out of heap").isFalse();
			long sendQueueCost = sender.heap().used() - senderBefore.used();
			long listenerQueueCost = receiver.heap().used() - receiverBefore.used();
			logger.info("full queues of 64-byte packets (capacity " + QUEUE_CAPACITY / MEGABYTE + " MB each): send queue "
					+ sendQueueCost / MEGABYTE + " MB of heap after GC (" + last.get() + " packets sent), listener queue "
					+ listenerQueueCost / MEGABYTE + " MB");
			assertThat(sendQueueCost).as("heap held by a full send queue (bytes)").isLessThan(QUEUE_CAPACITY * 3 / 2);
			assertThat(listenerQueueCost).as("heap held by a full listener queue (bytes)")
				.isLessThan(QUEUE_CAPACITY * 3 / 2);
		}
	}

}
