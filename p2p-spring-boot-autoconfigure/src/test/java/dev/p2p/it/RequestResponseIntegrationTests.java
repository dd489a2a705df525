package dev.p2p.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;

import dev.p2p.core.PacketOperations;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.it.TestPeerApplication.Ack;
import dev.p2p.it.TestPeerApplication.Move;
import dev.p2p.listener.PacketListener;
import dev.p2p.packet.Packet;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.RemotePacketException;
import dev.p2p.peer.RequestTimeoutException;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Requests and their replies between peers on loopback: {@code PacketOperations.request} on one
 * side, ordinary {@code @PacketListener}s answering on the other.
 */
class RequestResponseIntegrationTests {

	@Test
	void listenerReturnValueIsTheReply() throws Exception {
		try (TestPeer robot = TestPeer.start("robot");
				TestPeer control = TestPeer.start("control", "p2p.peers=" + robot.address())) {
			await().until(() -> control.isConnectedTo("robot"));
			Ack ack = control.packets.request("robot", TestPacketType.MOVE, new Move("x", 42), Ack.class)
				.get(10, TimeUnit.SECONDS);
			assertThat(ack).isEqualTo(new Ack("control", 42));
			Packet raw = control.packets.request("robot", TestPacketType.MOVE, new Move("y", 1), Packet.class)
				.get(10, TimeUnit.SECONDS);
			assertThat(raw.type()).isEqualTo(TestPacketType.ACK);
			// a reply answers the request only: the ACK listener of the requester does not see it
			assertThat(control.recorder.acks).isEmpty();
			// a listener that returns nothing answers with nothing
			assertThat(control.packets.request("robot", TestPacketType.TEXT, "hello", Void.class)
				.get(10, TimeUnit.SECONDS)).isNull();
			assertThat(robot.recorder.texts).contains("hello|5");
			assertThat(control.session("robot").getPendingRequestCount()).isZero();
		}
	}

	@Test
	void manyRequestsInFlightCompleteOutOfOrder() throws Exception {
		try (TestPeer server = TestPeer.start("server");
				TestPeer client = TestPeer.start("client", "p2p.peers=" + server.address())) {
			await().until(() -> client.isConnectedTo("server"));
			ConcurrentLinkedQueue<String> completionOrder = new ConcurrentLinkedQueue<>();
			List<CompletableFuture<String>> replies = new ArrayList<>();
			for (int delay : new int[] { 600, 400, 200, 0 }) {
				CompletableFuture<String> reply = client.packets.request("server", TestPacketType.DELAY,
						String.valueOf(delay), String.class);
				reply.thenAccept(completionOrder::add);
				replies.add(reply);
			}
			CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			assertThat(replies).extracting(CompletableFuture::join)
				.containsExactly("done-600", "done-400", "done-200", "done-0");
			// dependents of one future run in no fixed order: wait for the recording callbacks too
			await().until(() -> completionOrder.size() == 4);
			assertThat(completionOrder).containsExactly("done-0", "done-200", "done-400", "done-600");
			// and pipelined at volume: every reply goes to its own request
			List<CompletableFuture<Ack>> acks = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				acks.add(client.packets.request("server", TestPacketType.MOVE, new Move("z", i), Ack.class));
			}
			for (int i = 0; i < acks.size(); i++) {
				assertThat(acks.get(i).get(10, TimeUnit.SECONDS).steps()).isEqualTo(i);
			}
		}
	}

	@Test
	void failuresComeBackAsErrorRepliesAtOnce() {
		try (TestPeer server = TestPeer.start("server");
				TestPeer client = TestPeer.start("client", "p2p.peers=" + server.address())) {
			await().until(() -> client.isConnectedTo("server"));
			long started = System.nanoTime();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.packets.request("server", TestPacketType.BOOM, "bang", Void.class).get())
				.havingCause()
				.isInstanceOfSatisfying(RemotePacketException.class, (ex) -> {
					assertThat(ex.getRemoteType()).isEqualTo(IllegalStateException.class.getName());
					assertThat(ex.getMessage()).contains("'server'", "listener failed on purpose: bang");
				});
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.packets.request("server", TestPacketType.UNHANDLED, "x", Void.class).get())
				.havingCause()
				.isInstanceOfSatisfying(RemotePacketException.class,
						(ex) -> assertThat(ex.getRemoteType()).isEqualTo("NoListener"));
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.packets.request("server", TestPacketType.MOVE, "not a move", Ack.class).get())
				.havingCause()
				.isInstanceOfSatisfying(RemotePacketException.class,
						(ex) -> assertThat(ex.getRemoteType()).endsWith("PacketCodecException"));
			// never a silent timeout: all three came back well within the 10 s request timeout
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
			assertThat(client.isConnectedTo("server")).isTrue();
		}
	}

	@Test
	void everyOverloadReachesThePeerByNodeIdAndBySession() throws Exception {
		try (TestPeer robot = TestPeer.start("robot");
				TestPeer control = TestPeer.start("control", "p2p.peers=" + robot.address())) {
			await().until(() -> control.isConnectedTo("robot"));
			PeerSession session = control.session("robot");
			ParameterizedTypeReference<Ack> ackType = new ParameterizedTypeReference<>() {
			};
			Duration timeout = Duration.ofSeconds(10);
			List<CompletableFuture<Ack>> acks = List.of(
					control.packets.request("robot", TestPacketType.MOVE, new Move("a", 1), Ack.class, timeout),
					control.packets.request("robot", TestPacketType.MOVE, new Move("b", 2), ackType),
					control.packets.request("robot", TestPacketType.MOVE, new Move("c", 3), ackType, timeout),
					control.packets.request(session, TestPacketType.MOVE, new Move("d", 4), Ack.class),
					control.packets.request(session, TestPacketType.MOVE, new Move("e", 5), ackType),
					control.packets.request(session, TestPacketType.MOVE, new Move("f", 6), ackType, timeout));
			for (int i = 0; i < acks.size(); i++) {
				assertThat(acks.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(new Ack("control", i + 1));
			}
			control.packets.sendAsync(session, TestPacketType.TEXT, "by session").get(10, TimeUnit.SECONDS);
			await().until(() -> robot.recorder.texts.contains("by session|10"));
			assertThat(control.packets.request("nobody", TestPacketType.MOVE, new Move("x", 1), ackType, timeout))
				.failsWithin(Duration.ofSeconds(1))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(PeerNotConnectedException.class);
		}
	}

	@Test
	void timeoutFailsTheRequestAndTheLateReplyIsDroppedAndCounted() {
		try (TestPeer server = TestPeer.start("server");
				TestPeer client = TestPeer.start("client", "p2p.peers=" + server.address())) {
			await().until(() -> client.isConnectedTo("server"));
			CompletableFuture<String> reply = client.packets.request(client.session("server"), TestPacketType.DELAY,
					"700", String.class, Duration.ofMillis(100));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(RequestTimeoutException.class)
				.withMessageContaining("No reply from 'server' to DELAY request");
			await().until(() -> !client.recorder.events(PacketRejectedEvent.class).isEmpty());
			assertThat(client.recorder.events(PacketRejectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(RejectionReason.LATE_REPLY));
			MeterRegistry meters = client.context.getBean(MeterRegistry.class);
			assertThat(meters.get("p2p.packets.rejected").tag("reason", "late-reply").counter().count()).isEqualTo(1);
			assertThat(meters.get("p2p.requests").tags("type", "DELAY", "outcome", "timeout").timer().count())
				.isEqualTo(1);
		}
	}

	@Test
	void peerLeavingFailsItsRequests() {
		try (TestPeer server = TestPeer.start("server");
				TestPeer client = TestPeer.start("client", "p2p.peers=" + server.address())) {
			await().until(() -> client.isConnectedTo("server"));
			CompletableFuture<String> reply = client.packets.request("server", TestPacketType.DELAY, "5000",
					String.class);
			server.close();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(PeerNotConnectedException.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.packets.request("server", TestPacketType.MOVE, new Move("x", 1), Ack.class)
					.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(PeerNotConnectedException.class);
		}
	}

	@Test
	void requestOfATypeUnknownHereIsAnsweredWithAnError() throws Exception {
		try (TestPeer server = TestPeer.start("server"); RawPeer raw = new RawPeer(server.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			Frame request = RequestEnvelopes.request(7, 999);
			raw.send(request.type(), request.payload());
			raw.send(999, "who knows".getBytes(StandardCharsets.UTF_8));
			// pipelined right behind it: the skipped frame ended the first REQUEST in its place
			Frame second = RequestEnvelopes.request(8, TestPacketType.ACK.code());
			raw.send(second.type(), second.payload());
			raw.send(TestPacketType.TEXT.code(), "next".getBytes(StandardCharsets.UTF_8));
			// each ERROR is queued from a listener thread: they may come in either order
			java.util.Map<Integer, Frame> errors = new java.util.HashMap<>();
			for (int i = 0; i < 2; i++) {
				Frame error = raw.receive();
				assertThat(error.type()).isEqualTo(ControlCode.ERROR);
				errors.put(RequestEnvelopes.idOf(error.payload()), error);
			}
			assertThat(errors).containsOnlyKeys(7, 8);
			assertThat(RequestEnvelopes.errorType(errors.get(7).payload())).isEqualTo("UnknownType");
			assertThat(RequestEnvelopes.errorMessage(errors.get(7).payload())).contains("999");
			assertThat(RequestEnvelopes.errorType(errors.get(8).payload())).isEqualTo("MalformedRequest");
			await().until(() -> server.recorder.texts.contains("next|4"));
			assertThat(server.recorder.events(dev.p2p.event.PeerDisconnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void listenerMayWaitForAReplyFromThePeerItIsHandling() {
		try (TestPeer server = TestPeer.start("server", new Class<?>[] { AskingBack.class });
				TestPeer client = TestPeer.start("client", "p2p.peers=" + server.address())) {
			await().until(() -> client.isConnectedTo("server"));
			client.packets.send("server", TestPacketType.NULL, "ask me back");
			AskingBack asking = server.context.getBean(AskingBack.class);
			// replies are completed by the reader, not behind the listener that waits for them
			await().atMost(Duration.ofSeconds(4)).until(() -> !asking.answers.isEmpty());
			assertThat(asking.answers).containsExactly(new Ack("server", 9));
		}
	}

	@Test
	void envelopesThatAnnounceNothingCloseTheConnection() throws Exception {
		try (TestPeer server = TestPeer.start("server"); RawPeer raw = new RawPeer(server.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			Frame request = RequestEnvelopes.request(1, TestPacketType.TEXT.code());
			raw.send(request.type(), request.payload());
			raw.send(request.type(), request.payload());
			await().until(() -> !server.recorder.events(dev.p2p.event.PeerDisconnectedEvent.class).isEmpty());
			assertThat(server.recorder.events(dev.p2p.event.PeerDisconnectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getDetail()).contains("two REQUEST frames"));
		}
	}

	/** On a NULL packet, asks its sender to MOVE and waits for the ACK, inside the listener. */
	static class AskingBack {

		final ConcurrentLinkedQueue<Ack> answers = new ConcurrentLinkedQueue<>();

		private final org.springframework.beans.factory.ObjectProvider<PacketOperations<TestPacketType>> packets;

		AskingBack(org.springframework.beans.factory.ObjectProvider<PacketOperations<TestPacketType>> packets) {
			this.packets = packets;
		}

		@dev.p2p.listener.PacketListener("NULL")
		void askBack(String text, dev.p2p.peer.PeerSession from) {
			this.answers.add(this.packets.getObject()
				.request(from, TestPacketType.MOVE, new Move("back", 9), Ack.class, Duration.ofSeconds(8))
				.join());
		}

	}

	@Test
	void requestsNeedTheHelloHandshake() {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				TestPeer client = TestPeer.start("client", "p2p.handshake.mode=none",
						"p2p.peers=" + server.address())) {
			await().until(() -> !client.node.getSessions().isEmpty());
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.packets.request(client.node.getSessions().get(0), TestPacketType.MOVE,
						new Move("x", 1), Ack.class, Duration.ofSeconds(1)).get())
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessageContaining("p2p.handshake.mode=hello");
		}
	}

}
