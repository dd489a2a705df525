package dev.p2p.transport.netty;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameFormat;
import dev.p2p.wire.TruncatedFrameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Large frames read by a {@link NettyTransport} on real loopback sockets, sent by a plain socket
 * in pieces: a payload of several reads arrives whole and in order with the frames around it,
 * waits while reading is paused, and a stream that ends inside it is reported as truncated.
 */
class NettyLargeFrameTests {

	private static final int TYPE = 7;

	private static final int LARGE = 300 * 1024;

	private final RecordingHandler received = new RecordingHandler();

	private final NettyTransport server = new NettyTransport(new FrameDecoder(1 << 20, (type) -> true), this.received,
			TransportSettings.DEFAULTS, null);

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void aLargeFrameSentInPiecesArrivesWholeBetweenTheFramesAroundIt() throws Exception {
		byte[] large = payload(LARGE);
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			byte[] bytes = concat(frame("before"), frame(large), frame("after"));
			for (int at = 0; at < bytes.length; at += 4096) {
				out.write(bytes, at, Math.min(4096, bytes.length - at));
				out.flush();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.frames.size() == 3);
		}
		assertThat(RecordingHandler.text(this.received.frames.get(0))).isEqualTo("before");
		assertThat(this.received.frames.get(1).payload()).isEqualTo(large);
		assertThat(RecordingHandler.text(this.received.frames.get(2))).isEqualTo("after");
	}

	@Test
	void aLargeFrameSentWhileReadingIsPausedArrivesInOrderOnResume() throws Exception {
		byte[] large = payload(LARGE);
		this.received.pauseOn = "pause";
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(frame("pause"));
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.paused.get() != null);
			// the socket buffers take the rest while the node reads nothing
			out.write(concat(frame(large), frame("after")));
			out.flush();
			assertThat(this.received.frames).hasSize(1);
			this.received.paused.get().resumeReading();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.frames.size() == 3);
		}
		assertThat(this.received.frames.get(1).payload()).isEqualTo(large);
		assertThat(RecordingHandler.text(this.received.frames.get(2))).isEqualTo("after");
	}

	@Test
	void aStreamEndingInsideALargePayloadIsReportedTruncated() throws Exception {
		byte[] whole = frame(payload(LARGE));
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(whole, 0, whole.length / 2);
			out.flush();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.closed.get() != null);
		assertThat(this.received.frames).isEmpty();
		assertThat(this.received.closed.get().closeCause()).isInstanceOf(TruncatedFrameException.class)
			.hasMessageContaining("payload")
			.hasMessageContaining(Integer.toString(LARGE));
	}

	private Socket connect() throws Exception {
		InetSocketAddress address = this.server.startServer("127.0.0.1", 0, Duration.ofSeconds(5));
		Socket socket = new Socket("127.0.0.1", address.getPort());
		socket.setTcpNoDelay(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.opened > 0);
		return socket;
	}

	private static byte[] payload(int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) (i * 31 + (i >>> 8));
		}
		return payload;
	}

	private static byte[] frame(String text) {
		return frame(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] frame(byte[] payload) {
		byte[] frame = new byte[FrameFormat.HEADER_SIZE + payload.length];
		FrameFormat.writeHeader(frame, 0, TYPE, payload.length);
		System.arraycopy(payload, 0, frame, FrameFormat.HEADER_SIZE, payload.length);
		return frame;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			bytes.writeBytes(part);
		}
		return bytes.toByteArray();
	}

}
