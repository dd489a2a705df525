package dev.p2p.it;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.p2p.event.SessionResumedEvent;
import dev.p2p.event.StreamFailedEvent;
import dev.p2p.it.TestPeerApplication.ReceivedStream;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.peer.StreamResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Streams across a lost connection (issue 14, docs/PROTOCOL.md §16.6), on loopback through a
 * forwarder that cuts the connection: with a reliable delivery mode a stream continues after the
 * session resumes and arrives complete, both ways at once; a session that expires fails its
 * streams on both sides; an at-most-once stream fails with BROKEN as it always did; a request
 * whose reply the connection took fails at once, saying that requests are not resumed.
 */
class StreamResumeIntegrationTests {

	private static final long LENGTH = 8L * 1024 * 1024;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "exactly-once", "at-least-once" })
	void streamsBothWaysArriveCompleteAcrossCutConnections(String mode) throws Exception {
		try (TestPeer listener = TestPeer.start("listener", "p2p.delivery.mode=" + mode);
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", "p2p.delivery.mode=" + mode,
						"p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			AtomicLong readByDialer = new AtomicLong();
			AtomicLong readByListener = new AtomicLong();
			CompletableFuture<StreamResult> toListener = dialer.packets.stream("listener", TestPacketType.BLOB,
					new CountingInputStream(new SeededData(LENGTH, 11), readByDialer));
			CompletableFuture<StreamResult> toDialer = listener.packets.stream("dialer", TestPacketType.BLOB,
					new CountingInputStream(new SeededData(LENGTH, 12), readByListener));
			for (int cut = 1; cut <= 3; cut++) {
				long mark = LENGTH * cut / 4;
				await().atMost(Duration.ofSeconds(60)).until(() -> readByDialer.get() >= mark || toListener.isDone());
				assertThat(toListener).isNotCompletedExceptionally();
				int resumptions = resumptions(dialer);
				forwarder.cut();
				await().atMost(Duration.ofSeconds(30)).until(() -> resumptions(dialer) > resumptions);
			}
			String expectedToListener = SeededData.sha256(SeededData.bytes((int) LENGTH, 11));
			String expectedToDialer = SeededData.sha256(SeededData.bytes((int) LENGTH, 12));
			StreamResult sent = toListener.get(60, TimeUnit.SECONDS);
			assertThat(sent.bytes()).isEqualTo(LENGTH);
			assertThat(sent.sha256()).isEqualTo(expectedToListener);
			assertThat(toDialer.get(60, TimeUnit.SECONDS).sha256()).isEqualTo(expectedToDialer);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !listener.recorder.streams.isEmpty() && !dialer.recorder.streams.isEmpty());
			ReceivedStream atListener = listener.recorder.streams.peek();
			assertThat(atListener.bytes()).isEqualTo(LENGTH);
			assertThat(atListener.sha256()).isEqualTo(expectedToListener);
			assertThat(dialer.recorder.streams.peek().sha256()).isEqualTo(expectedToDialer);
			assertThat(listener.recorder.streamErrors).isEmpty();
			assertThat(dialer.recorder.streamErrors).isEmpty();
			assertThat(dialer.recorder.events(StreamFailedEvent.class)).isEmpty();
			assertThat(listener.recorder.events(StreamFailedEvent.class)).isEmpty();
		}
	}

	@Test
	void aStreamWhoseSessionExpiresFailsOnBothSides() throws Exception {
		try (TestPeer listener = TestPeer.start("listener", "p2p.delivery.mode=at-least-once",
				"p2p.delivery.session-expiry=2s");
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", "p2p.delivery.mode=at-least-once",
						"p2p.delivery.session-expiry=2s", "p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			AtomicLong read = new AtomicLong();
			CompletableFuture<StreamResult> result = dialer.packets.stream("listener", TestPacketType.BLOB,
					new CountingInputStream(new SeededData(1L << 40, 13), read));
			await().atMost(Duration.ofSeconds(30)).until(() -> read.get() >= 1024 * 1024);
			// no way back: the dialer's redials are refused until both sessions expire
			forwarder.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> !dialer.isConnectedTo("listener"));
			// suspended, not broken
			assertThat(result).isNotDone();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(StreamFailedException.class, (ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.BROKEN);
					assertThat(ex.getMessage()).contains("expired").contains("session-expiry");
				});
			await().atMost(Duration.ofSeconds(30)).until(() -> !listener.recorder.streamErrors.isEmpty());
			assertThat(listener.recorder.streamErrors.peek()).contains("expired");
			assertThat(listener.recorder.events(StreamFailedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getOutcome()).isEqualTo(StreamOutcome.BROKEN));
		}
	}

	@Test
	void aStreamHeldForASuspendedSessionFailsWhenItsNodeStops() throws Exception {
		try (TestPeer listener = TestPeer.start("listener", "p2p.delivery.mode=at-least-once");
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()))) {
			TestPeer dialer = TestPeer.start("dialer", "p2p.delivery.mode=at-least-once",
					"p2p.peers=" + forwarder.address());
			CompletableFuture<StreamResult> result;
			try {
				await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
				AtomicLong read = new AtomicLong();
				result = dialer.packets.stream("listener", TestPacketType.BLOB,
						new CountingInputStream(new SeededData(1L << 40, 15), read));
				await().atMost(Duration.ofSeconds(30)).until(() -> read.get() >= 1024 * 1024);
				forwarder.close();
				await().atMost(Duration.ofSeconds(5)).until(() -> !dialer.isConnectedTo("listener"));
				assertThat(result).isNotDone();
			}
			finally {
				dialer.close();
			}
			assertThat(result).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(StreamFailedException.class)
				.withMessageContaining("is stopping");
		}
	}

	@Test
	void anAtMostOnceStreamStillBreaksWithItsConnection() throws Exception {
		try (TestPeer listener = TestPeer.start("listener", "p2p.delivery.enabled=true");
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", "p2p.delivery.enabled=true", "p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			AtomicLong read = new AtomicLong();
			CompletableFuture<StreamResult> result = dialer.packets.stream("listener", TestPacketType.BLOB,
					new CountingInputStream(new SeededData(1L << 40, 14), read));
			await().atMost(Duration.ofSeconds(30)).until(() -> read.get() >= 1024 * 1024);
			forwarder.cut();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(StreamFailedException.class,
						(ex) -> assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.BROKEN));
			await().atMost(Duration.ofSeconds(30)).until(() -> !listener.recorder.streamErrors.isEmpty());
			assertThat(listener.recorder.streamErrors.peek()).contains("disconnected");
			// the session resumes, and a new stream goes through
			await().atMost(Duration.ofSeconds(30)).until(() -> dialer.isConnectedTo("listener"));
			StreamResult next = dialer.packets
				.stream("listener", TestPacketType.BLOB, new ByteArrayInputStream(new byte[100_000]))
				.get(30, TimeUnit.SECONDS);
			assertThat(next.bytes()).isEqualTo(100_000);
		}
	}

	@Test
	void aRequestWhoseReplyALostConnectionTookFailsAtOnceSayingSo() throws Exception {
		try (TestPeer listener = TestPeer.start("listener", "p2p.delivery.mode=exactly-once");
				TcpForwarder forwarder = TcpForwarder.to(new InetSocketAddress("127.0.0.1", listener.port()));
				TestPeer dialer = TestPeer.start("dialer", "p2p.delivery.mode=exactly-once",
						"p2p.peers=" + forwarder.address())) {
			await().until(() -> listener.isConnectedTo("dialer") && dialer.isConnectedTo("listener"));
			CompletableFuture<String> reply = dialer.packets.request("listener", TestPacketType.DELAY, "2000", String.class,
					Duration.ofMinutes(5));
			forwarder.cut();
			// not at its 5-minute timeout, and not with a message about a timeout
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reply.get(20, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(PeerNotConnectedException.class)
				.withMessageContaining("disconnected before replying")
				.withMessageContaining("requests are not resumed");
			await().atMost(Duration.ofSeconds(30)).until(() -> dialer.isConnectedTo("listener"));
			assertThat(dialer.packets.request("listener", TestPacketType.DELAY, "1", String.class).get(20, TimeUnit.SECONDS))
				.isEqualTo("done-1");
		}
	}

	private static int resumptions(TestPeer peer) {
		return (int) peer.recorder.events(SessionResumedEvent.class).stream().filter(SessionResumedEvent::isResumed).count();
	}

}
