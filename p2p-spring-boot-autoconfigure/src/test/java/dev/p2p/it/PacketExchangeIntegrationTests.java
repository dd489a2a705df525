package dev.p2p.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PacketListenerFailedEvent;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.PeerServerStoppedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.it.TestPeerApplication.Ack;
import dev.p2p.it.TestPeerApplication.Move;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.wire.ControlCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Packets between real Boot contexts: JSON records to listeners, replies, broadcast, failures
 * that must not cost the connection, and ordering under volume.
 */
class PacketExchangeIntegrationTests {

	@Test
	void jsonRecordReachesTheListenerAndItsReturnValueComesBackAsTheReplyType() {
		try (TestPeer robot = TestPeer.start("robot"); TestPeer control = TestPeer.start("control",
				"p2p.peers=" + robot.address())) {
			await().until(() -> control.isConnectedTo("robot"));
			control.packets.send("robot", TestPacketType.MOVE, new Move("x", 42));
			await().until(() -> !control.recorder.acks.isEmpty());
			TestPeerApplication.Received<Move> move = robot.recorder.moves.peek();
			assertThat(move.payload()).isEqualTo(new Move("x", 42));
			assertThat(move.from()).isEqualTo("control");
			assertThat(move.type()).isEqualTo(TestPacketType.MOVE);
			assertThat(control.recorder.acks.peek().payload()).isEqualTo(new Ack("control", 42));
			assertThat(control.recorder.acks.peek().from()).isEqualTo("robot");
		}
	}

	@Test
	void broadcastReachesEveryConnectedPeerOnce() {
		try (TestPeer hub = TestPeer.start("hub"); TestPeer a = TestPeer.start("a", "p2p.peers=" + hub.address());
				TestPeer b = TestPeer.start("b", "p2p.peers=" + hub.address());
				TestPeer c = TestPeer.start("c", "p2p.peers=" + hub.address())) {
			await().until(() -> hub.node.getSessions().size() == 3);
			assertThat(hub.packets.broadcast(TestPacketType.TEXT, "to all")).isEqualTo(3);
			for (TestPeer peer : List.of(a, b, c)) {
				await().until(() -> peer.recorder.texts.contains("to all|6"));
			}
			assertThat(hub.recorder.texts).isEmpty();
			a.packets.send(List.of("hub"), TestPacketType.TEXT, "list");
			await().until(() -> hub.recorder.texts.contains("list|4"));
			assertThat(List.of(a, b, c)).allSatisfy((peer) -> assertThat(peer.recorder.texts).hasSize(1));
		}
	}

	@Test
	void asyncSendCompletesWhenWrittenAndBroadcastAsyncWhenWrittenToAll() throws Exception {
		try (TestPeer hub = TestPeer.start("hub"); TestPeer a = TestPeer.start("a", "p2p.peers=" + hub.address());
				TestPeer b = TestPeer.start("b", "p2p.peers=" + hub.address())) {
			await().until(() -> hub.node.getSessions().size() == 2);
			a.packets.sendAsync("hub", TestPacketType.TEXT, "async").get(5, TimeUnit.SECONDS);
			hub.packets.broadcastAsync(TestPacketType.TEXT, "both").get(5, TimeUnit.SECONDS);
			await().until(() -> hub.recorder.texts.contains("async|5") && a.recorder.texts.contains("both|4")
					&& b.recorder.texts.contains("both|4"));
		}
	}

	@Test
	void sendingToSeveralPeersAndBroadcastingTakeTheirOwnTimeoutAndTellWhenWritten() throws Exception {
		try (TestPeer hub = TestPeer.start("hub"); TestPeer a = TestPeer.start("a", "p2p.peers=" + hub.address());
				TestPeer b = TestPeer.start("b", "p2p.peers=" + hub.address())) {
			await().until(() -> hub.node.getSessions().size() == 2);
			Duration timeout = Duration.ofSeconds(2);
			hub.packets.send(List.of("a", "b"), TestPacketType.TEXT, "list", timeout);
			hub.packets.sendAsync(List.of("a", "b"), TestPacketType.TEXT, "async").get(5, TimeUnit.SECONDS);
			hub.packets.sendAsync(List.of("a", "b"), TestPacketType.TEXT, "async-own", timeout).get(5, TimeUnit.SECONDS);
			assertThat(hub.packets.broadcast(TestPacketType.TEXT, "all", timeout)).isEqualTo(2);
			hub.packets.broadcastAsync(TestPacketType.TEXT, "all-async", timeout).get(5, TimeUnit.SECONDS);
			await().until(() -> Stream.of(a, b).allMatch((peer) -> peer.recorder.texts.size() == 5));
			assertThat(a.recorder.texts).containsExactly("list|4", "async|5", "async-own|9", "all|3", "all-async|9");
			assertThat(hub.packets.sendAsync(List.of("a", "carol"), TestPacketType.TEXT, "none", timeout))
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(PeerNotConnectedException.class)
				.withMessageContaining("nothing was sent");
		}
	}

	@Test
	void sendingToAnUnknownPeerFailsClearlyAndListsFailBeforeSendingAnything() {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			assertThatExceptionOfType(PeerNotConnectedException.class)
				.isThrownBy(() -> bob.packets.send("carol", TestPacketType.TEXT, "hi"))
				.withMessageContaining("'carol'");
			assertThatExceptionOfType(PeerNotConnectedException.class)
				.isThrownBy(() -> bob.packets.send(List.of("alice", "carol"), TestPacketType.TEXT, "hi"))
				.withMessageContaining("[carol]")
				.withMessageContaining("nothing was sent");
			assertThat(bob.packets.sendAsync("carol", TestPacketType.TEXT, "hi")).isCompletedExceptionally();
			bob.packets.send("alice", TestPacketType.TEXT, "marker");
			await().until(() -> alice.recorder.texts.contains("marker|6"));
			assertThat(alice.recorder.texts).containsExactly("marker|6");
		}
	}

	@Test
	void listenerExceptionIsPublishedAndTheConnectionKeepsServing() {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			bob.packets.send("alice", TestPacketType.BOOM, "kaboom");
			bob.packets.send("alice", TestPacketType.TEXT, "after");
			await().until(() -> alice.recorder.texts.contains("after|5"));
			PacketListenerFailedEvent failure = alice.recorder.events(PacketListenerFailedEvent.class).get(0);
			assertThat(failure.getException()).hasMessage("listener failed on purpose: kaboom");
			assertThat(failure.getListener()).isEqualTo("recorder.boom");
			assertThat(failure.getNodeId()).isEqualTo("bob");
			assertThat(alice.isConnectedTo("bob")).isTrue();
		}
	}

	@Test
	void undecodablePayloadAndTypeWithoutListenerAreRejectedWithoutClosing() throws Exception {
		try (TestPeer alice = TestPeer.start("alice"); RawPeer bob = new RawPeer(alice.port())) {
			bob.hello("bob", "run-1", "default");
			assertThat(bob.receive().type()).isEqualTo(ControlCode.ACCEPT);
			bob.send(TestPacketType.MOVE.code(), "this is not JSON".getBytes());
			bob.send(TestPacketType.UNHANDLED.code(), "{}".getBytes());
			bob.send(TestPacketType.TEXT.code(), "after".getBytes());
			await().until(() -> alice.recorder.texts.contains("after|5"));
			await().until(() -> alice.recorder.events(PacketRejectedEvent.class).size() == 2);
			List<PacketRejectedEvent> rejections = alice.recorder.events(PacketRejectedEvent.class);
			assertThat(rejections).extracting(PacketRejectedEvent::getReason)
				.containsExactly(RejectionReason.DECODE_ERROR, RejectionReason.NO_LISTENER);
			assertThat(rejections.get(0).getDetail()).contains("Move");
			assertThat(rejections).allSatisfy((event) -> assertThat(event.getNodeId()).isEqualTo("bob"));
			assertThat(alice.recorder.moves).isEmpty();
			assertThat(alice.isConnectedTo("bob")).isTrue();
		}
	}

	@Test
	void inlineListenerRunsOnTheReaderThreadWhenIdleAndKeepsOrderWithPooledListeners() {
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));
			sender.packets.send("receiver", TestPacketType.PING, "alone");
			await().until(() -> receiver.recorder.arrivals.contains("alone"));
			// nothing was queued: the reader thread ran it, not the listener pool
			assertThat(receiver.recorder.pingThreads).singleElement().asString().startsWith("p2p-io-");
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
				String text = ((i % 3 == 0) ? "text-" : "ping-") + i;
				sender.packets.send("receiver", text.startsWith("text") ? TestPacketType.TEXT : TestPacketType.PING, text);
				sent.add(text);
			}
			await().until(() -> receiver.recorder.arrivals.size() == sent.size() + 1);
			assertThat(receiver.recorder.arrivals).containsExactlyElementsOf(
					Stream.concat(Stream.of("alone"), sent.stream()).toList());
		}
	}

	@Test
	void hundredThousandPacketsOnOneConnectionAllArriveInOrder() {
		int count = 100_000;
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));
			for (long i = 0; i < count; i++) {
				sender.packets.send("receiver", TestPacketType.SEQ, ByteBuffer.allocate(64).putLong(0, i).array());
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.recorder.sequenceCount.get() == count);
			assertThat(receiver.recorder.outOfOrder).hasValue(0);
			assertThat(receiver.recorder.nextSequence).hasValue(count);
			assertThat(receiver.session("sender").getPacketsIn()).isEqualTo(count);
			await().until(() -> sender.session("receiver").getPacketsOut() >= count);
		}
	}

	@Test
	void stoppingDrainsQueuedPacketsThenSaysGoodbye() {
		int count = 20_000;
		try (TestPeer receiver = TestPeer.start("receiver")) {
			TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address());
			await().until(() -> sender.isConnectedTo("receiver"));
			for (long i = 0; i < count; i++) {
				sender.packets.send("receiver", TestPacketType.SEQ, ByteBuffer.allocate(256).putLong(0, i).array());
			}
			sender.close();
			await().until(() -> !receiver.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent goodbye = receiver.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(goodbye.getReason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
			assertThat(goodbye.getDetail()).isEqualTo("peer said goodbye: node 'sender' is stopping");
			await().until(() -> receiver.recorder.sequenceCount.get() == count);
			assertThat(receiver.recorder.outOfOrder).hasValue(0);
			assertThat(sender.recorder.events(PeerServerStoppedEvent.class)).hasSize(1);
		}
	}

	@Test
	void fullSendQueueFailsTheSendAfterTheTimeoutAndTheStalledPeerIsClosed() throws Exception {
		try (RawPeerServer silent = new RawPeerServer("silent");
				TestPeer sender = TestPeer.start("sender", "p2p.send.queue-capacity=64KB", "p2p.send.timeout=200ms",
						"p2p.peers=127.0.0.1:" + silent.port())) {
			await().until(() -> sender.isConnectedTo("silent"));
			byte[] chunk = new byte[16 * 1024];
			assertThatExceptionOfType(SendQueueFullException.class).isThrownBy(() -> {
				// the silent peer never reads: the socket buffers fill, then the queue does
				for (int i = 0; i < 100_000; i++) {
					sender.packets.send("silent", TestPacketType.SEQ, chunk);
				}
			}).withMessageContaining("p2p.send.timeout");
			// the writer is stuck on a peer that stopped reading: the watchdog closes the connection
			// (and the static-peer dialer then redials it)
			await().until(() -> !sender.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent closed = sender.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(closed.getReason()).isEqualTo(DisconnectReason.IO_ERROR);
			assertThat(closed.getDetail()).startsWith("peer stopped reading");
		}
	}

	@Test
	void aSendWithItsOwnTimeoutWaitsForRoomThatLongOnly() throws Exception {
		try (RawPeerServer silent = new RawPeerServer("silent");
				TestPeer sender = TestPeer.start("sender", "p2p.send.queue-capacity=64KB", "p2p.send.timeout=5s",
						"p2p.peers=127.0.0.1:" + silent.port())) {
			await().until(() -> sender.isConnectedTo("silent"));
			byte[] chunk = new byte[16 * 1024];
			assertThatExceptionOfType(SendQueueFullException.class).isThrownBy(() -> {
				for (int i = 0; i < 100_000; i++) {
					sender.packets.send(sender.session("silent"), TestPacketType.SEQ, chunk, Duration.ofMillis(100));
				}
			}).withMessageContaining("stayed full for 100 ms (the send's own timeout)");
			long started = System.nanoTime();
			assertThat(sender.packets.sendAsync("silent", TestPacketType.SEQ, chunk, Duration.ofMillis(100)))
				.failsWithin(Duration.ofSeconds(2))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(SendQueueFullException.class);
			assertThat(sender.packets.sendAsync(List.of("silent"), TestPacketType.SEQ, chunk, Duration.ofMillis(100)))
				.failsWithin(Duration.ofSeconds(2))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(SendQueueFullException.class);
			assertThat(sender.packets.broadcastAsync(TestPacketType.SEQ, chunk, Duration.ofMillis(100)))
				.failsWithin(Duration.ofSeconds(2))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(SendQueueFullException.class);
			assertThat(sender.packets.broadcast(TestPacketType.SEQ, chunk, Duration.ofMillis(100))).isZero();
			// well before p2p.send.timeout (5 s) each
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		}
	}

}
