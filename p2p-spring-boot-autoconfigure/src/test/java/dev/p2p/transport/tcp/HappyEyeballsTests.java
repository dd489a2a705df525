package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.transport.LocalSubnets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * RFC 8305 dialling on loopback, ::1 and 127.0.0.1 only: order, stagger, first connection wins.
 */
class HappyEyeballsTests {

	private static final InetAddress V6 = address("::1");

	private static final InetAddress V4 = address("127.0.0.1");

	private final List<AutoCloseable> resources = new ArrayList<>();

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private static Socket plain(InetSocketAddress target) throws IOException {
		Socket socket = new Socket();
		socket.connect(target, 3000);
		return socket;
	}

	@Test
	void familiesAreInterleavedIpv6First() {
		InetAddress v4b = address("127.0.0.2");
		assertThat(HappyEyeballs.order(List.of(V4, v4b, V6))).containsExactly(V6, V4, v4b);
		assertThat(HappyEyeballs.order(List.of(V4))).containsExactly(V4);
	}

	@Test
	void addressesOnALocalSubnetAreDialledFirstAndTheirFamilyStarts() {
		InetAddress publicV4 = address("198.51.100.7");
		InetAddress lanV4 = address("10.77.1.2");
		InetAddress globalV6 = address("2001:db8::7");
		InetAddress lanV6 = address("fd77::2");
		List<InetAddress> resolved = List.of(publicV4, lanV4, globalV6);
		// this host is on 10.77.1.0/24 only: the LAN address first, then interleaved, IPv6 next
		assertThat(HappyEyeballs.order(resolved, LocalSubnets.of("10.77.1.9/24"))).containsExactly(lanV4, globalV6,
				publicV4);
		// on no subnet of theirs: plain RFC 8305 order
		assertThat(HappyEyeballs.order(resolved, LocalSubnets.of("192.168.5.1/24"))).containsExactly(globalV6,
				publicV4, lanV4);
		// both families local: IPv6 starts
		assertThat(HappyEyeballs.order(List.of(lanV4, globalV6, lanV6), LocalSubnets.of("10.77.1.9/24", "fd77::9/64")))
			.containsExactly(lanV6, lanV4, globalV6);
	}

	@Test
	void subnetsMatchByPrefixWithinOneFamily() {
		LocalSubnets local = LocalSubnets.of("10.77.1.9/23", "fd77:0:0:1::9/64");
		assertThat(local.contains(address("10.77.0.200"))).isTrue();
		assertThat(local.contains(address("10.77.2.1"))).isFalse();
		assertThat(local.contains(address("fd77:0:0:1::42"))).isTrue();
		assertThat(local.contains(address("fd77:0:0:2::42"))).isFalse();
		assertThat(local.contains(address("::ffff:10.77.1.1"))).isTrue();
	}

	@Test
	void ipv6WinsWhenItAnswers() throws Exception {
		int port = sharedPortListeners();
		List<InetSocketAddress> tried = new CopyOnWriteArrayList<>();
		try (Socket socket = HappyEyeballs.connect(List.of(V4, V6), port, Duration.ofSeconds(3), (target) -> {
			tried.add(target);
			return plain(target);
		})) {
			assertThat(socket.getInetAddress()).isEqualTo(V6);
			assertThat(tried.get(0).getAddress()).isEqualTo(V6);
		}
	}

	@Test
	void ipv4StartsAfterTheStaggerWhenIpv6HangsAndWins() throws Exception {
		int port = sharedPortListeners();
		long start = System.nanoTime();
		try (Socket socket = HappyEyeballs.connect(List.of(V6, V4), port, Duration.ofSeconds(5), (target) -> {
			if (target.getAddress().equals(V6)) {
				// an IPv6 path that swallows the SYN: nothing answers before the timeout
				try {
					Thread.sleep(3000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new java.net.SocketTimeoutException("connect timed out");
			}
			return plain(target);
		})) {
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(socket.getInetAddress()).isEqualTo(V4);
			assertThat(millis).isBetween(HappyEyeballs.STAGGER_MILLIS - 10, 2500L);
		}
	}

	@Test
	void aRefusedIpv6StartsIpv4AtOnce() throws Exception {
		ServerSocket v4 = new ServerSocket(0, 50, V4);
		this.resources.add(v4);
		long start = System.nanoTime();
		// nothing listens on ::1 at that port: refused at once
		try (Socket socket = HappyEyeballs.connect(List.of(V6, V4), v4.getLocalPort(), Duration.ofSeconds(3),
				HappyEyeballsTests::plain)) {
			assertThat(socket.getInetAddress()).isEqualTo(V4);
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(HappyEyeballs.STAGGER_MILLIS);
		}
	}

	@Test
	void whenEveryAddressFailsTheErrorSaysSo() throws Exception {
		int closed;
		try (ServerSocket probe = new ServerSocket(0, 1, V4)) {
			closed = probe.getLocalPort();
		}
		assertThatIOException().isThrownBy(() -> HappyEyeballs.connect(List.of(V6, V4), closed, Duration.ofSeconds(3),
				HappyEyeballsTests::plain));
	}

	/** A listener on ::1 and one on 127.0.0.1, on the same port. */
	private int sharedPortListeners() throws IOException {
		ServerSocket v6 = new ServerSocket(0, 50, V6);
		this.resources.add(v6);
		ServerSocket v4 = new ServerSocket();
		this.resources.add(v4);
		v4.bind(new InetSocketAddress(V4, v6.getLocalPort()), 50);
		return v6.getLocalPort();
	}

}
