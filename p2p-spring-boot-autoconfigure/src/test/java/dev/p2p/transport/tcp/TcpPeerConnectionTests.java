package dev.p2p.transport.tcp;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a connection on a blocking socket says about writing without waiting: it cannot know, so
 * it says that no write was seen waiting for the peer.
 */
class TcpPeerConnectionTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	/** More than the send and receive buffers of a loopback connection hold together. */
	private static final int LARGER_THAN_THE_SOCKET = 32 * 1024 * 1024;

	@Test
	void aWriteThatWaitedForThePeerKeepsSendersFromWritingUntilAWriteDoesNot() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
				Socket dialled = new Socket(LOOPBACK, server.getLocalPort());
				Socket peer = server.accept()) {
			TcpPeerConnection connection = new TcpPeerConnection(dialled, false, null, null,
					new FrameBatchSerializer());
			assertThat(connection.writesMayBlock()).isTrue();
			assertThat(connection.canWriteWithoutWaiting()).isTrue();
			CompletableFuture<Void> written = CompletableFuture
				.runAsync(() -> connection.write(List.of(new Frame(1, new byte[LARGER_THAN_THE_SOCKET]))));
			// the peer reads nothing yet: the write cannot end before it does, so it waits longer
			// than a write may take without waiting
			long waited = TcpPeerConnection.WRITE_WAITED_NANOS + LARGER_THAN_THE_SOCKET + 8;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> connection.writeBlockedNanos(System.nanoTime()) > 2 * waited);
			InputStream in = peer.getInputStream();
			assertThat(in.readNBytes(8 + LARGER_THAN_THE_SOCKET)).hasSize(8 + LARGER_THAN_THE_SOCKET);
			written.get();
			assertThat(connection.canWriteWithoutWaiting()).isFalse();
			// a small write the socket takes at once: senders may write their own packets again
			// (on a loaded machine a write can be descheduled for longer than that, hence the retries)
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				connection.write(List.of(new Frame(1, new byte[64])));
				assertThat(in.readNBytes(8 + 64)).hasSize(8 + 64);
				return connection.canWriteWithoutWaiting();
			});
		}
	}

}
