package dev.p2p.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.event.StreamFailedEvent;
import dev.p2p.it.TestPeerApplication.ReceivedStream;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamFailedException;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamContent;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Streams between peers on loopback: {@code PacketOperations.stream} on one side, an
 * {@code InputStream} listener on the other; flow control, integrity, cancellation and
 * connections that break, the last ones also with a hand-driven peer.
 */
class StreamIntegrationTests {

	@Test
	void inputStreamFileAndPublisherArriveIntactWithTheirNameAndSize(@TempDir Path dir) throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));

			byte[] data = SeededData.bytes(1_000_003, 1);
			StreamResult fromStream = sender.packets
				.stream("receiver", TestPacketType.BLOB, new ByteArrayInputStream(data))
				.get(20, TimeUnit.SECONDS);
			assertThat(fromStream.bytes()).isEqualTo(data.length);
			assertThat(fromStream.sha256()).isEqualTo(SeededData.sha256(data));

			Path file = dir.resolve("report.bin");
			byte[] fileData = SeededData.bytes(300_000, 2);
			Files.write(file, fileData);
			StreamResult fromFile = sender.packets.stream("receiver", TestPacketType.BLOB, file).get(20, TimeUnit.SECONDS);
			assertThat(fromFile.sha256()).isEqualTo(SeededData.sha256(fileData));

			byte[] published = SeededData.bytes(250_000, 3);
			CompletableFuture<StreamResult> fromPublisher;
			try (SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>()) {
				fromPublisher = sender.packets.stream("receiver", TestPacketType.BLOB, publisher);
				// buffers of any size: one byte, a tenth of a chunk, several chunks at once
				int[] sizes = { 1, 1_639, 100_000, 0, 148_360 };
				int offset = 0;
				for (int size : sizes) {
					publisher.submit(ByteBuffer.wrap(published, offset, size));
					offset += size;
				}
			}
			assertThat(fromPublisher.get(20, TimeUnit.SECONDS).sha256()).isEqualTo(SeededData.sha256(published));

			StreamResult empty = sender.packets
				.stream(sender.session("receiver"), TestPacketType.BLOB,
						StreamContent.of(InputStream.nullInputStream()).named("nothing").withSize(0))
				.get(20, TimeUnit.SECONDS);
			assertThat(empty.bytes()).isZero();

			assertThat(failure(sender.packets.stream("receiver", TestPacketType.BLOB, dir.resolve("missing.bin"))))
				.satisfies((ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.CANCELLED);
					assertThat(ex.getMessage()).contains("opening the data failed: java.nio.file.NoSuchFileException");
				});

			await().until(() -> receiver.recorder.streams.size() == 4);
			assertThat(receiver.recorder.streams).containsExactly(
					new ReceivedStream("sender", "", -1, data.length, SeededData.sha256(data)),
					new ReceivedStream("sender", "report.bin", fileData.length, fileData.length,
							SeededData.sha256(fileData)),
					new ReceivedStream("sender", "", -1, published.length, SeededData.sha256(published)),
					new ReceivedStream("sender", "nothing", 0, 0, SeededData.sha256(new byte[0])));
			assertThat(sender.session("receiver").getUnacknowledgedStreamBytes()).isEmpty();
			MeterRegistry meters = receiver.context.getBean(MeterRegistry.class);
			assertThat(meters.get(MicrometerPeerMetrics.STREAMS)
				.tags("type", "BLOB", "direction", "received", "outcome", "success")
				.timer()
				.count()).isEqualTo(4);
			assertThat(meters.get(MicrometerPeerMetrics.STREAM_BYTES)
				.tags("type", "BLOB", "direction", "received")
				.counter()
				.count()).isEqualTo(data.length + fileData.length + published.length);
			MeterRegistry sent = sender.context.getBean(MeterRegistry.class);
			assertThat(sent.get(MicrometerPeerMetrics.STREAMS)
				.tags("type", "BLOB", "direction", "sent", "outcome", "success")
				.timer()
				.count()).isEqualTo(4);
			assertThat(sent.get(MicrometerPeerMetrics.STREAMS)
				.tags("type", "BLOB", "direction", "sent", "outcome", "cancelled")
				.timer()
				.count()).isOne();
		}
	}

	@Test
	void manyConcurrentStreamsInBothDirectionsShareTheConnectionWithPackets() throws Exception {
		try (TestPeer left = TestPeer.start("left");
				TestPeer right = TestPeer.start("right", "p2p.peers=" + left.address())) {
			await().until(() -> right.isConnectedTo("left"));
			List<CompletableFuture<StreamResult>> results = new ArrayList<>();
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				byte[] toLeft = SeededData.bytes(700_000 + i, 100 + i);
				byte[] toRight = SeededData.bytes(500_000 + i, 200 + i);
				results.add(right.packets.stream("left", TestPacketType.BLOB, new ByteArrayInputStream(toLeft)));
				results.add(left.packets.stream("right", TestPacketType.BLOB, new ByteArrayInputStream(toRight)));
				expected.add(SeededData.sha256(toLeft));
				expected.add(SeededData.sha256(toRight));
				right.packets.send("left", TestPacketType.TEXT, "between-" + i);
			}
			List<String> hashes = new ArrayList<>();
			for (CompletableFuture<StreamResult> result : results) {
				hashes.add(result.get(30, TimeUnit.SECONDS).sha256());
			}
			assertThat(hashes).isEqualTo(expected);
			await().until(() -> left.recorder.texts.size() == 6);
			assertThat(left.recorder.streams).hasSize(6);
			assertThat(right.recorder.streams).hasSize(6);
			assertThat(left.recorder.streamErrors).isEmpty();
		}
	}

	@Test
	void slowReaderKeepsTheSenderWithinTheWindow() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver", "p2p.stream.window=64KB");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address(),
						"p2p.stream.chunk-size=16KB")) {
			await().until(() -> sender.isConnectedTo("receiver"));
			PeerSession session = sender.session("receiver");
			long length = 4L * 1024 * 1024;
			CompletableFuture<StreamResult> result = sender.packets.stream("receiver", TestPacketType.SLOW,
					new SeededData(length, 7));
			AtomicLong mostUnacknowledged = new AtomicLong();
			// before the listener reads anything, the sender stops at exactly one window
			await().until(() -> record(session, mostUnacknowledged) == 64 * 1024);
			assertThat(result).isNotDone();
			assertThat(session.getQueuedBytes()).isLessThanOrEqualTo(64 * 1024 + 1024);
			receiver.recorder.slowGate.countDown();
			await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30)).until(() -> {
				record(session, mostUnacknowledged);
				return result.isDone();
			});
			assertThat(result.get().bytes()).isEqualTo(length);
			assertThat(mostUnacknowledged).hasValueLessThanOrEqualTo(64 * 1024);
			await().until(() -> !receiver.recorder.streams.isEmpty());
			assertThat(receiver.recorder.streams.peek().bytes()).isEqualTo(length);
			// the receiver would have closed the connection had the sender gone beyond its credit
			assertThat(sender.recorder.events(PeerDisconnectedEvent.class)).isEmpty();
		}
	}

	private static long record(PeerSession session, AtomicLong most) {
		long now = session.getUnacknowledgedStreamBytes().values().stream().mapToLong(Long::longValue).sum();
		most.accumulateAndGet(now, Math::max);
		return now;
	}

	@Test
	void listenerThatReturnsEarlyCancelsTheStreamAndTheSenderIsTold() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));
			CompletableFuture<StreamResult> result = sender.packets.stream("receiver", TestPacketType.HALF,
					new SeededData(10_000_000, 3));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(StreamFailedException.class, (ex) -> {
					assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.CANCELLED);
					assertThat(ex.getMessage()).contains("the receiver cancelled it")
						.contains("the listener returned before the end of the stream");
				});
			await().until(() -> !receiver.recorder.events(StreamFailedEvent.class).isEmpty());
			assertThat(receiver.recorder.events(StreamFailedEvent.class).get(0).getOutcome())
				.isEqualTo(StreamOutcome.CANCELLED);
			assertThat(sender.recorder.events(StreamFailedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.isOutbound()).isTrue());
			// the session stays up and the next stream of the same type works as far as the listener reads
			sender.packets.send("receiver", TestPacketType.TEXT, "still here");
			await().until(() -> receiver.recorder.texts.contains("still here|10"));
			assertThat(sender.session("receiver").getUnacknowledgedStreamBytes()).isEmpty();
		}
	}

	@Test
	void streamOfATypeWithoutStreamListenerOrBeyondTheLimitIsRefused() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver", "p2p.stream.max-concurrent=1");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));
			CompletableFuture<StreamResult> noListener = sender.packets.stream("receiver", TestPacketType.TEXT,
					new ByteArrayInputStream(new byte[10]));
			assertThat(failure(noListener)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.REJECTED);
				assertThat(ex.getMessage()).contains("no @PacketListener of node 'receiver' takes a stream of TEXT");
			});
			CompletableFuture<StreamResult> held = sender.packets.stream("receiver", TestPacketType.SLOW,
					new SeededData(1000, 1));
			// open at the receiver, whose listener waits at its gate: all 1000 bytes sent, none credited back
			await().until(() -> sender.session("receiver").getUnacknowledgedStreamBytes().containsValue(1000L));
			CompletableFuture<StreamResult> second = sender.packets.stream("receiver", TestPacketType.BLOB,
					new ByteArrayInputStream(new byte[10]));
			assertThat(failure(second)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.REJECTED);
				assertThat(ex.getMessage()).contains("1 streams from 'sender' are open already");
			});
			receiver.recorder.slowGate.countDown();
			assertThat(held.get(10, TimeUnit.SECONDS).bytes()).isEqualTo(1000);
		}
	}

	@Test
	void failingSourceCancelsTheStreamAtTheReceiver() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address())) {
			await().until(() -> sender.isConnectedTo("receiver"));
			InputStream failing = new InputStream() {
				private final SeededData data = new SeededData(100_000, 5);

				@Override
				public int read() throws IOException {
					throw new IOException("disk on fire");
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = this.data.read(buffer, offset, length);
					if (n < 0) {
						throw new IOException("disk on fire");
					}
					return n;
				}
			};
			CompletableFuture<StreamResult> result = sender.packets.stream("receiver", TestPacketType.BLOB, failing);
			assertThat(failure(result)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.CANCELLED);
				assertThat(ex.getMessage()).contains("reading the data failed").contains("disk on fire");
			});
			await().until(() -> !receiver.recorder.streamErrors.isEmpty());
			assertThat(receiver.recorder.streamErrors.peek()).contains("was cancelled by the sender")
				.contains("disk on fire");
		}
	}

	@Test
	void disconnectMidStreamFailsBothSides() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver");
				TestPeer sender = TestPeer.start("sender", "p2p.peers=" + receiver.address(),
						"p2p.reconnect.initial-delay=10s", "p2p.reconnect.max-delay=10s")) {
			await().until(() -> sender.isConnectedTo("receiver"));
			CompletableFuture<StreamResult> result = sender.packets.stream("receiver", TestPacketType.SINK,
					new SeededData(Long.MAX_VALUE, 9));
			await().until(() -> receiver.recorder.sunk.get() > 1_000_000);
			receiver.node.disconnect("sender");
			assertThat(failure(result)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.BROKEN);
				assertThat(ex.getMessage()).contains("stream broken: peer 'receiver' disconnected");
			});
			await().until(() -> !receiver.recorder.streamErrors.isEmpty());
			assertThat(receiver.recorder.streamErrors.peek()).contains("stream broken: peer 'sender' disconnected");
		}
	}

	@Test
	void corruptDataFailsTheReaderAndTheSenderIsTold() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver"); RawPeer raw = new RawPeer(receiver.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.STREAM_OPEN, StreamFrames.open(1, TestPacketType.BLOB.code(), 5, "x").payload());
			Frame credit = raw.receive();
			assertThat(credit.type()).isEqualTo(ControlCode.STREAM_CREDIT);
			assertThat(StreamFrames.readCredit(credit.payload())).isEqualTo(256 * 1024);
			byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
			raw.send(ControlCode.STREAM_CHUNK, StreamFrames.chunk(1, data, 0, 5).payload());
			byte[] wrong = MessageDigest.getInstance("SHA-256").digest("jello".getBytes(StandardCharsets.UTF_8));
			raw.send(ControlCode.STREAM_END, StreamFrames.end(1, 5, wrong).payload());
			Frame cancel = receiveSkippingCredit(raw);
			assertThat(cancel.type()).isEqualTo(ControlCode.STREAM_CANCEL);
			StreamFrames.Cancel said = StreamFrames.readCancel(cancel.payload());
			assertThat(said.bySender()).isFalse();
			assertThat(said.code()).isEqualTo(StreamFrames.INTEGRITY);
			assertThat(said.reason()).startsWith("SHA-256 mismatch");
			await().until(() -> !receiver.recorder.streamErrors.isEmpty());
			assertThat(receiver.recorder.streamErrors.peek())
				.startsWith("Stream 1 of BLOB from 'raw' ('x') is corrupt: SHA-256 mismatch");
			assertThat(receiver.recorder.events(StreamFailedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getOutcome()).isEqualTo(StreamOutcome.INTEGRITY_ERROR));
			assertThat(receiver.context.getBean(MeterRegistry.class)
				.get(MicrometerPeerMetrics.STREAMS)
				.tags("type", "BLOB", "direction", "received", "outcome", "integrity-error")
				.timer()
				.count()).isOne();
			// the connection stays up
			raw.send(TestPacketType.TEXT.code(), "after".getBytes(StandardCharsets.UTF_8));
			await().until(() -> receiver.recorder.texts.contains("after|5"));
		}
	}

	@Test
	void senderBeyondItsCreditIsAProtocolViolation() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver", "p2p.stream.window=16KB");
				RawPeer raw = new RawPeer(receiver.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.STREAM_OPEN, StreamFrames.open(1, TestPacketType.SLOW.code(), -1, "").payload());
			byte[] data = new byte[10_000];
			raw.send(ControlCode.STREAM_CHUNK, StreamFrames.chunk(1, data, 0, data.length).payload());
			raw.send(ControlCode.STREAM_CHUNK, StreamFrames.chunk(1, data, 0, data.length).payload());
			assertThat(raw.closedByPeer()).isTrue();
			await().until(() -> !receiver.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			assertThat(receiver.recorder.events(PacketRejectedEvent.class)).singleElement().satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(RejectionReason.STREAM_VIOLATION);
				assertThat(event.getDetail()).isEqualTo("stream 1 sent 3616 bytes beyond the credit it was granted (window 16384 bytes)");
			});
			assertThat(receiver.recorder.events(PeerDisconnectedEvent.class).get(0).getDetail())
				.contains("beyond the credit");
			receiver.recorder.slowGate.countDown();
		}
	}

	@Test
	void connectionResetMidStreamFailsTheReader() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver"); RawPeer raw = new RawPeer(receiver.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.STREAM_OPEN, StreamFrames.open(7, TestPacketType.BLOB.code(), 1 << 20, "big").payload());
			assertThat(raw.receive().type()).isEqualTo(ControlCode.STREAM_CREDIT);
			byte[] data = new byte[16 * 1024];
			raw.send(ControlCode.STREAM_CHUNK, StreamFrames.chunk(7, data, 0, data.length).payload());
			raw.reset();
			await().until(() -> !receiver.recorder.streamErrors.isEmpty());
			assertThat(receiver.recorder.streamErrors.peek()).startsWith("Stream 7 of BLOB from 'raw' ('big'): "
					+ "stream broken: peer 'raw' disconnected");
			assertThat(receiver.recorder.events(StreamFailedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getOutcome()).isEqualTo(StreamOutcome.BROKEN));
		}
	}

	@Test
	void frameForAStreamNeverOpenedClosesTheConnection() throws Exception {
		try (TestPeer receiver = TestPeer.start("receiver"); RawPeer raw = new RawPeer(receiver.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.STREAM_CHUNK, StreamFrames.chunk(3, new byte[4], 0, 4).payload());
			assertThat(raw.closedByPeer()).isTrue();
			await().until(() -> !receiver.recorder.events(PacketRejectedEvent.class).isEmpty());
			assertThat(receiver.recorder.events(PacketRejectedEvent.class).get(0).getDetail())
				.isEqualTo("STREAM_CHUNK for stream 3, which the peer never opened");
		}
	}

	@Test
	void streamWithoutProgressTimesOutOnBothSides() throws Exception {
		try (RawPeerServer silent = new RawPeerServer("silent");
				TestPeer sender = TestPeer.start("sender", "p2p.stream.idle-timeout=300ms",
						"p2p.peers=127.0.0.1:" + silent.port())) {
			await().until(() -> sender.isConnectedTo("silent"));
			CompletableFuture<StreamResult> result = sender.packets.stream("silent", TestPacketType.BLOB,
					new ByteArrayInputStream(new byte[10]));
			assertThat(failure(result)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.TIMEOUT);
				assertThat(ex.getMessage()).endsWith("timeout: no progress for 300 ms (p2p.stream.idle-timeout)");
			});
		}
		try (TestPeer receiver = TestPeer.start("receiver", "p2p.stream.idle-timeout=300ms");
				RawPeer raw = new RawPeer(receiver.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.STREAM_OPEN, StreamFrames.open(1, TestPacketType.BLOB.code(), -1, "").payload());
			assertThat(raw.receive().type()).isEqualTo(ControlCode.STREAM_CREDIT);
			Frame cancel = raw.receive();
			assertThat(cancel.type()).isEqualTo(ControlCode.STREAM_CANCEL);
			assertThat(StreamFrames.readCancel(cancel.payload())).isEqualTo(new StreamFrames.Cancel(1, false,
					StreamFrames.TIMEOUT, "no progress for 300 ms (p2p.stream.idle-timeout)"));
			await().until(() -> !receiver.recorder.streamErrors.isEmpty());
			assertThat(receiver.recorder.streamErrors.peek())
				.isEqualTo("Stream 1 of BLOB from 'raw' timed out: no progress for 300 ms (p2p.stream.idle-timeout)");
		}
	}

	@Test
	void aStreamWithItsOwnIdleTimeoutFailsAfterThatLongWithoutProgress() throws Exception {
		try (RawPeerServer silent = new RawPeerServer("silent");
				TestPeer sender = TestPeer.start("sender", "p2p.stream.idle-timeout=4s",
						"p2p.peers=127.0.0.1:" + silent.port())) {
			await().until(() -> sender.isConnectedTo("silent"));
			CompletableFuture<StreamResult> byId = sender.packets.stream("silent", TestPacketType.BLOB,
					StreamContent.of(new ByteArrayInputStream(new byte[10])), Duration.ofMillis(200));
			CompletableFuture<StreamResult> bySession = sender.packets.stream(sender.session("silent"),
					TestPacketType.BLOB, StreamContent.of(new ByteArrayInputStream(new byte[10])), Duration.ofMillis(300));
			assertThat(failure(byId)).satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(StreamOutcome.TIMEOUT);
				assertThat(ex.getMessage()).endsWith("no progress for 200 ms (the stream's own idle timeout)");
			});
			assertThat(failure(bySession).getMessage())
				.endsWith("no progress for 300 ms (the stream's own idle timeout)");
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> sender.packets
				.stream(sender.session("silent"), TestPacketType.BLOB, StreamContent.of(new ByteArrayInputStream(new byte[1])), Duration.ZERO));
		}
	}

	private static Frame receiveSkippingCredit(RawPeer raw) throws IOException {
		Frame frame = raw.receive();
		while (frame.type() == ControlCode.STREAM_CREDIT) {
			frame = raw.receive();
		}
		return frame;
	}

	private static StreamFailedException failure(CompletableFuture<StreamResult> result) {
		try {
			result.get(20, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(StreamFailedException.class);
			return (StreamFailedException) ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError("stream did not fail: " + ex, ex);
		}
		throw new AssertionError("stream did not fail");
	}

}
