package dev.p2p.it;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import dev.p2p.delivery.DeliveryEngine;
import dev.p2p.delivery.DeliveryFrames;
import dev.p2p.delivery.PacketsUndeliveredException;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.SendQueueFullException;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 on loopback: numbered packets flow both ways between two nodes while the connection
 * between them is cut again and again (a forwarder in between drops it; the dialer redials
 * through it). Exactly-once delivers each packet once and in order, at-least-once delivers
 * every packet, at-most-once tells the sender what may have been lost; expiry fails what was
 * kept, and an acknowledgement beyond what was sent is a protocol violation.
 */
class DeliveryIntegrationTests {

	private static final Log logger = LogFactory.getLog(DeliveryIntegrationTests.class);

	private static final Class<?>[] RECORDER = { DeliveryRecorder.class };

	@Test
	void exactlyOnceDeliversEveryPacketOnceAndInOrderAcrossCutConnections() throws Exception {
		long[][] tallies = exchangeAcrossCuts("exactly-once", 20_000, 5);
		for (long[] tally : tallies) {
			assertThat(tally).as("lost, duplicated, reordered").containsExactly(0, 0, 0);
		}
	}

	@Test
	void atLeastOnceDeliversEveryPacketAcrossCutConnections() throws Exception {
		long[][] tallies = exchangeAcrossCuts("at-least-once", 20_000, 5);
		for (long[] tally : tallies) {
			assertThat(tally[0]).as("lost").isZero();
		}
	}

	/** Sends numbered packets both ways while the connection is cut; returns each direction's tally. */
	private long[][] exchangeAcrossCuts(String mode, int count, int cuts) throws Exception {
		try (TestPeer listener = TestPeer.start("listener", RECORDER, DeliveryRecorder.CODEC, "p2p.delivery.mode=" + mode);
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", RECORDER, DeliveryRecorder.CODEC, "p2p.delivery.mode=" + mode,
						"p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			AtomicLong sentByDialer = new AtomicLong();
			AtomicLong sentByListener = new AtomicLong();
			CompletableFuture<Void> one = CompletableFuture.runAsync(() -> sendNumbered(dialer, "listener", count, sentByDialer));
			CompletableFuture<Void> other = CompletableFuture
				.runAsync(() -> sendNumbered(listener, "dialer", count, sentByListener));
			for (int cut = 1; cut <= cuts; cut++) {
				long mark = (long) count * cut / (cuts + 1);
				await().atMost(Duration.ofSeconds(60)).until(() -> sentByDialer.get() >= mark || one.isDone());
				forwarder.cut();
				await().atMost(Duration.ofSeconds(30)).until(() -> dialer.isConnectedTo("listener"));
			}
			CompletableFuture.allOf(one, other).get(120, TimeUnit.SECONDS);
			DeliveryRecorder atListener = listener.context.getBean(DeliveryRecorder.class);
			DeliveryRecorder atDialer = dialer.context.getBean(DeliveryRecorder.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> new HashSet<>(atListener.received).size() >= count
						&& new HashSet<>(atDialer.received).size() >= count);
			long[] toListener = DeliveryRecorder.tally(List.copyOf(atListener.received), count);
			long[] toDialer = DeliveryRecorder.tally(List.copyOf(atDialer.received), count);
			logger.info(mode + ", " + count + " packets each way, " + cuts + " cuts: dialer to listener lost/duplicated/"
					+ "reordered " + toListener[0] + "/" + toListener[1] + "/" + toListener[2] + ", listener to dialer "
					+ toDialer[0] + "/" + toDialer[1] + "/" + toDialer[2] + "; resumptions " + atDialer.resumptions.size());
			assertThat(atDialer.resumptions).as("sessions resumed").anyMatch((event) -> event.isResumed());
			return new long[][] { toListener, toDialer };
		}
	}

	/** Sends 0..count-1 in order; a send refused for a moment (no room, not connected) is retried. */
	private static void sendNumbered(TestPeer from, String to, int count, AtomicLong sent) {
		for (long number = 0; number < count; number++) {
			while (true) {
				try {
					from.packets.send(to, TestPacketType.UNHANDLED, DeliveryRecorder.number(number));
					break;
				}
				catch (SendQueueFullException | PeerNotConnectedException ex) {
					Thread.onSpinWait();
				}
			}
			sent.incrementAndGet();
		}
	}

	@Test
	void atMostOnceTellsTheSenderWhatMayHaveBeenLost() throws Exception {
		int count = 20_000;
		try (TestPeer listener = TestPeer.start("listener", RECORDER, DeliveryRecorder.CODEC, "p2p.delivery.enabled=true");
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", RECORDER, DeliveryRecorder.CODEC, "p2p.delivery.enabled=true",
						"p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			Set<Long> refused = new HashSet<>();
			List<CompletableFuture<Void>> futures = new ArrayList<>();
			for (long number = 0; number < count; number++) {
				CompletableFuture<Void> sent = dialer.packets.sendAsync("listener", TestPacketType.UNHANDLED,
						DeliveryRecorder.number(number));
				futures.add(sent);
				if (sent.isCompletedExceptionally()) {
					refused.add(number);
				}
				if (number % 4_000 == 2_000) {
					forwarder.cut();
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> dialer.isConnectedTo("listener"));
			// one more round trip, so that everything before it was acknowledged or reported
			dialer.packets.send("listener", TestPacketType.UNHANDLED, DeliveryRecorder.number(count));
			DeliveryRecorder atListener = listener.context.getBean(DeliveryRecorder.class);
			DeliveryRecorder atDialer = dialer.context.getBean(DeliveryRecorder.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> atListener.received.contains((long) count));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> dialer.context.getBean(DeliveryEngine.class).unacknowledged().getOrDefault("listener", 0) == 0);
			Set<Long> accounted = new HashSet<>(atListener.received);
			accounted.addAll(atDialer.undelivered);
			accounted.addAll(refused);
			long unaccounted = 0;
			for (long number = 0; number < count; number++) {
				unaccounted += accounted.contains(number) ? 0 : 1;
			}
			logger.info("at-most-once, " + count + " packets, 5 cuts: " + new HashSet<>(atListener.received).size()
					+ " arrived, " + atDialer.undelivered.size() + " reported possibly lost, " + refused.size()
					+ " refused while disconnected, " + unaccounted + " unaccounted for");
			assertThat(unaccounted).as("packets neither delivered nor reported").isZero();
		}
	}

	@Test
	void aSessionNotResumedInTimeFailsItsPacketsNamingThem() throws Exception {
		try (TestPeer sender = TestPeer.start("sender", RECORDER, DeliveryRecorder.CODEC,
				"p2p.delivery.mode=at-least-once", "p2p.delivery.session-expiry=2s")) {
			TestPeer receiver = TestPeer.start("receiver", RECORDER, DeliveryRecorder.CODEC,
					"p2p.delivery.mode=at-least-once", "p2p.peers=127.0.0.1:" + sender.port());
			await().until(() -> sender.isConnectedTo("receiver"));
			receiver.close();
			await().until(() -> !sender.isConnectedTo("receiver"));
			// suspended: accepted, kept, then given up at the expiry
			List<CompletableFuture<Void>> futures = new ArrayList<>();
			for (long number = 0; number < 3; number++) {
				futures.add(sender.packets.sendAsync("receiver", TestPacketType.UNHANDLED, DeliveryRecorder.number(number)));
			}
			DeliveryRecorder recorder = sender.context.getBean(DeliveryRecorder.class);
			// the actuator's view of what the peer has not acknowledged
			assertThat(sender.context.getBean(DeliveryEngine.class).unacknowledged()).containsEntry("receiver", 3);
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.undelivered.size() == 3);
			assertThat(recorder.undelivered).containsExactly(0L, 1L, 2L);
			for (CompletableFuture<Void> future : futures) {
				assertThat(future).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(PacketsUndeliveredException.class)
					.withMessageContaining("UNHANDLED#")
					.withMessageContaining("session-expiry");
			}
			assertThat(sender.packets.sendAsync("receiver", TestPacketType.UNHANDLED, DeliveryRecorder.number(9)))
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(PeerNotConnectedException.class);
		}
	}

	@Test
	void anAcknowledgementBeyondWhatWasSentIsAProtocolViolation() throws Exception {
		try (TestPeer node = TestPeer.start("node", "p2p.delivery.mode=at-least-once");
				RawPeer raw = new RawPeer(node.port())) {
			HandshakeCodec codec = new HandshakeCodec();
			raw.send(ControlCode.HELLO, codec.withDelivery(codec.writeIdentity(new PeerIdentity(
					PeerIdentity.PROTOCOL_VERSION, "raw", UUID.randomUUID().toString(), "default", null, 0, "json"))));
			Frame accept = raw.receive();
			assertThat(accept.type()).isEqualTo(ControlCode.ACCEPT);
			assertThat(codec.readDelivery(accept.payload())).isTrue();
			Frame resume = raw.receive();
			assertThat(resume.type()).isEqualTo(ControlCode.RESUME);
			raw.send(ControlCode.RESUME, DeliveryFrames.resume(new DeliveryFrames.Resume(UUID.randomUUID(),
					DeliveryFrames.NO_SESSION, 0)).payload());
			raw.send(ControlCode.ACK, DeliveryFrames.ack(1_000).payload());
			Frame bye = raw.receive();
			assertThat(bye.type()).isEqualTo(ControlCode.BYE);
			assertThat(codec.readReason(bye.payload())).contains("ACK of position 1000, but only 0 were sent");
			assertThat(raw.closedByPeer()).isTrue();
		}
	}

	@Test
	void aResumptionClaimingMoreThanWasSentIsRefusedAndAnotherNodeCannotResumeIt() throws Exception {
		try (TestPeer node = TestPeer.start("node", "p2p.delivery.mode=at-least-once")) {
			UUID rawSession = UUID.randomUUID();
			DeliveryFrames.Resume first;
			try (RawPeer raw = new RawPeer(node.port())) {
				first = handshake(raw, "raw");
				raw.send(ControlCode.RESUME, DeliveryFrames.resume(new DeliveryFrames.Resume(rawSession,
						DeliveryFrames.NO_SESSION, 0)).payload());
			}
			await().until(() -> !node.isConnectedTo("raw"));
			// another node naming the session gets a session of its own: a resume is bound to the node id
			try (RawPeer other = new RawPeer(node.port())) {
				DeliveryFrames.Resume toOther = handshake(other, "other");
				assertThat(toOther.peerSession()).isEqualTo(DeliveryFrames.NO_SESSION);
				assertThat(toOther.session()).isNotEqualTo(first.session());
			}
			try (RawPeer raw = new RawPeer(node.port())) {
				DeliveryFrames.Resume second = handshake(raw, "raw");
				assertThat(second.session()).isEqualTo(first.session());
				assertThat(second.peerSession()).isEqualTo(rawSession);
				raw.send(ControlCode.RESUME, DeliveryFrames.resume(new DeliveryFrames.Resume(rawSession,
						first.session(), 1_000)).payload());
				Frame bye = raw.receive();
				assertThat(bye.type()).isEqualTo(ControlCode.BYE);
				assertThat(new HandshakeCodec().readReason(bye.payload()))
					.contains("RESUME claims position 1000, only 0 were sent");
			}
		}
	}

	/** HELLO announcing delivery, ACCEPT, and the node's RESUME. */
	private static DeliveryFrames.Resume handshake(RawPeer raw, String nodeId) throws Exception {
		HandshakeCodec codec = new HandshakeCodec();
		raw.send(ControlCode.HELLO, codec.withDelivery(codec.writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
				nodeId, UUID.randomUUID().toString(), "default", null, 0, "json"))));
		assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
		Frame resume = raw.receive();
		assertThat(resume.type()).isEqualTo(ControlCode.RESUME);
		return DeliveryFrames.readResume(resume.payload());
	}

	@Test
	void aPeerThatDoesNotAnnounceDeliveryGetsTodaysHandshake() throws Exception {
		try (TestPeer node = TestPeer.start("node", "p2p.delivery.mode=exactly-once"); RawPeer raw = new RawPeer(node.port())) {
			raw.hello("raw", UUID.randomUUID().toString(), "default");
			Frame accept = raw.receive();
			assertThat(accept.type()).isEqualTo(ControlCode.ACCEPT);
			assertThat(new HandshakeCodec().readDelivery(accept.payload())).isFalse();
			// an application packet goes out as it always did, with no RESUME before it
			await().until(() -> node.isConnectedTo("raw"));
			node.packets.send("raw", TestPacketType.TEXT, "plain");
			Frame text = raw.receive();
			assertThat(text.type()).isEqualTo(TestPacketType.TEXT.code());
		}
	}

}
