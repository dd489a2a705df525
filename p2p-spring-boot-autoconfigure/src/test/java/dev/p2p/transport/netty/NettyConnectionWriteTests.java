package dev.p2p.transport.netty;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes of a {@link NettyConnection} on real loopback sockets: a lone packet written by a thread
 * other than the event loop goes to the socket from that thread (it arrives while the sender's
 * event loop is busy), and a write never overtakes bytes still waiting for the event loop.
 */
class NettyConnectionWriteTests {

	private static final int TYPE = 7;

	private final RecordingHandler received = new RecordingHandler();

	private final NettyTransport server = new NettyTransport(new FrameDecoder(1 << 20, (type) -> true), this.received,
			TransportSettings.DEFAULTS, null);

	private final NettyTransport client = new NettyTransport(new FrameDecoder(1 << 20, (type) -> true),
			new RecordingHandler(), TransportSettings.DEFAULTS, null);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.client.stop();
		this.server.stop();
	}

	@Test
	void aLonePacketReachesThePeerWhileTheSendersEventLoopIsBusy() throws Exception {
		NettyConnection connection = connect();
		blockEventLoop(connection);
		connection.write(List.of(frame("alone")));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.texts().contains("alone"));
	}

	@Test
	void aLonePacketWaitsBehindABatchTheEventLoopHasNotWrittenYet() throws Exception {
		NettyConnection connection = connect();
		blockEventLoop(connection);
		List<Frame> batch = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i <= BatchWriter.DIRECT_WRITE_MAX_FRAMES; i++) {
			batch.add(frame("batch-" + i));
			expected.add("batch-" + i);
		}
		connection.write(batch);
		connection.write(List.of(frame("after")));
		expected.add("after");
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.texts().size() == expected.size());
		assertThat(this.received.texts()).containsExactlyElementsOf(expected);
	}

	@Test
	void theFirstBytesOfATakenOverConnectionAreNotOvertaken() throws Exception {
		NettyConnection connection = connect();
		blockEventLoop(connection);
		// what adopt writes before the engine's HELLO (a PUNCH_JOIN): a whole frame here
		byte[] header = new byte[FrameFormat.HEADER_SIZE];
		byte[] payload = "first".getBytes(StandardCharsets.UTF_8);
		FrameFormat.writeHeader(header, 0, TYPE, payload.length);
		byte[] first = new byte[header.length + payload.length];
		System.arraycopy(header, 0, first, 0, header.length);
		System.arraycopy(payload, 0, first, header.length, payload.length);
		connection.writeFirst(first);
		connection.write(List.of(frame("hello")));
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.texts().size() == 2);
		assertThat(this.received.texts()).containsExactly("first", "hello");
	}

	private NettyConnection connect() throws Exception {
		InetSocketAddress address = this.server.startServer("127.0.0.1", 0, Duration.ofSeconds(5));
		NettyConnection connection = this.client.connect("127.0.0.1", address.getPort());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.opened > 0);
		return connection;
	}

	/** Keep the sender's event loop busy until the test releases it. */
	private void blockEventLoop(NettyConnection connection) throws InterruptedException {
		CountDownLatch blocked = new CountDownLatch(1);
		connection.eventLoop().execute(() -> {
			blocked.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThat(blocked.await(10, TimeUnit.SECONDS)).as("event loop blocked").isTrue();
	}

	private static Frame frame(String text) {
		return new Frame(TYPE, text.getBytes(StandardCharsets.UTF_8));
	}

}
