package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Port reuse on loopback: a hole punch's socket leaves from the listen port, and a port in use is
 * still refused.
 */
class ReusePortSocketsTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@Test
	void aDialledSocketLeavesFromTheListenPort() throws IOException {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (ServerSocket ours = ReusePortSockets.listen(ServerSocketFactory.getDefault(), LOOPBACK, 0, 50);
				ServerSocket theirs = new ServerSocket(0, 50, LOOPBACK);
				Socket dialled = ReusePortSockets.dialFromPort(SocketFactory.getDefault(),
						(InetSocketAddress) theirs.getLocalSocketAddress(),
						(InetSocketAddress) ours.getLocalSocketAddress(), Duration.ofSeconds(2));
				Socket accepted = theirs.accept()) {
			assertThat(dialled.getLocalPort()).isEqualTo(ours.getLocalPort());
			assertThat(accepted.getPort()).isEqualTo(ours.getLocalPort());
		}
	}

	@Test
	void aPortInUseIsRefusedEvenWithPortReuse() throws IOException {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (ServerSocket ours = ReusePortSockets.listen(ServerSocketFactory.getDefault(), LOOPBACK, 0, 50)) {
			assertThatExceptionOfType(BindException.class).isThrownBy(
					() -> ReusePortSockets.listen(ServerSocketFactory.getDefault(), LOOPBACK, ours.getLocalPort(), 50));
		}
	}

	@Test
	void theExactPortIsKeptForAHolePunch() throws IOException {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (ServerSocket ours = ReusePortSockets.listen(ServerSocketFactory.getDefault(), LOOPBACK, 0, 50);
				ServerSocket theirs = new ServerSocket(0, 50, LOOPBACK)) {
			InetSocketAddress target = (InetSocketAddress) theirs.getLocalSocketAddress();
			InetSocketAddress local = (InetSocketAddress) ours.getLocalSocketAddress();
			try (Socket first = ReusePortSockets.dialFromPort(SocketFactory.getDefault(), target, local,
					Duration.ofSeconds(2))) {
				assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReusePortSockets
					.dialFromPort(SocketFactory.getDefault(), target, local, Duration.ofSeconds(2)).close());
				assertThat(first.getLocalPort()).isEqualTo(local.getPort());
			}
		}
	}

}
