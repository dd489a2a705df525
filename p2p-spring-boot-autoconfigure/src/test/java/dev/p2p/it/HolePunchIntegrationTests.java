package dev.p2p.it;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.p2p.event.PeerPathChangedEvent;
import dev.p2p.nat.HolePuncher;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.transport.tcp.ReusePortSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Hole punching between two real nodes on loopback, over a session carried by a dumb TCP relay
 * ({@link TcpForwarder}; the mechanism needs only some session between the two): the punch
 * coordination, the new connection between the listen ports with its PUNCH_JOIN, and the path
 * switch under load.
 */
class HolePunchIntegrationTests {

	@Test
	void aPunchedConnectionReplacesTheSession() throws Exception {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (TestPeer a = TestPeer.start("punch-a"); TestPeer b = TestPeer.start("punch-b");
				TcpForwarder relay = TcpForwarder.to(new InetSocketAddress("127.0.0.1", b.port()))) {
			PeerSession old = a.node.connect(PeerAddress.parse(relay.address())).get(10, TimeUnit.SECONDS);
			await().until(() -> b.isConnectedTo("punch-a"));
			boolean direct = a.context.getBean(HolePuncher.class).punch(old).get(30, TimeUnit.SECONDS);
			assertThat(direct).isTrue();
			PeerSession now = a.session("punch-b");
			assertThat(now).isNotSameAs(old);
			assertThat(now.path()).isEqualTo(SessionPath.DIRECT);
			assertThat(now.getLocalAddress().getPort()).isEqualTo(a.port());
			assertThat(now.getRemoteAddress().getPort()).isEqualTo(b.port());
			await().until(() -> !old.isActive());
			assertThat(a.recorder.events).filteredOn(PeerPathChangedEvent.class::isInstance).hasSize(1);
			assertThat(a.context.getBean(HolePuncher.class).count("direct")).isEqualTo(1);
			// the new path carries traffic both ways
			a.packets.send("punch-b", TestPacketType.SEQ, ByteBuffer.allocate(8).putLong(0).array());
			await().until(() -> b.recorder.sequenceCount.get() == 1);
			assertThat(b.node.getSessions()).hasSize(1);
		}
	}

	@Test
	void aPunchedConnectionOfMutualTlsPeersIsTlsToo(@TempDir Path stores) throws Exception {
		assumeThat(ReusePortSockets.supported()).isTrue();
		TestCertificates certificates = TestCertificates.create(stores, "tls-a", "tls-b");
		List<String> a = new ArrayList<>(certificates.bundle("tls-a"));
		a.add("p2p.ssl.client-auth=need");
		List<String> b = new ArrayList<>(certificates.bundle("tls-b"));
		b.add("p2p.ssl.client-auth=need");
		try (TestPeer alice = TestPeer.start("tls-a", a.toArray(String[]::new));
				TestPeer bob = TestPeer.start("tls-b", b.toArray(String[]::new));
				TcpForwarder relay = TcpForwarder.to(new InetSocketAddress("127.0.0.1", bob.port()))) {
			PeerSession old = alice.node.connect(PeerAddress.parse(relay.address())).get(10, TimeUnit.SECONDS);
			await().until(() -> bob.isConnectedTo("tls-a"));
			assertThat(alice.context.getBean(HolePuncher.class).punch(old).get(30, TimeUnit.SECONDS)).isTrue();
			PeerSession now = alice.session("tls-b");
			assertThat(now).isNotSameAs(old);
			assertThat(now.getRemoteAddress().getPort()).isEqualTo(bob.port());
			assertThat(now.getTlsProtocol()).isEqualTo("TLSv1.3");
			alice.packets.send("tls-b", TestPacketType.SEQ, ByteBuffer.allocate(8).putLong(0).array());
			await().until(() -> bob.recorder.sequenceCount.get() == 1);
		}
	}

	@Test
	void aJoinWithoutAPunchInProgressIsRefused() throws Exception {
		try (TestPeer b = TestPeer.start("join-b"); RawPeer intruder = new RawPeer(b.port())) {
			intruder.sendRaw(joinFrame("join-a", new byte[32]));
			assertThat(intruder.closedByPeer()).isTrue();
			assertThat(b.isConnectedTo("join-a")).isFalse();
			assertThat(b.context.getBean(HolePuncher.class).count("rejected")).isEqualTo(1);
			await().until(() -> b.recorder.events.stream().anyMatch(dev.p2p.event.PeerHandshakeFailedEvent.class::isInstance));
		}
	}

	private static byte[] joinFrame(String nodeId, byte[] token) throws java.io.IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		dev.p2p.wire.FrameEncoder encoder = new dev.p2p.wire.FrameEncoder(128);
		encoder.write(dev.p2p.reach.HolePunchFrames.join(new dev.p2p.reach.HolePunchFrames.Join(nodeId, token)), bytes);
		encoder.flush(bytes);
		return bytes.toByteArray();
	}

	@Test
	void hundredThousandPacketsCrossThePathSwitchOnceEachInOrder() throws Exception {
		assumeThat(ReusePortSockets.supported()).isTrue();
		int total = 100_000;
		try (TestPeer a = TestPeer.start("switch-a"); TestPeer b = TestPeer.start("switch-b");
				TcpForwarder relay = TcpForwarder.to(new InetSocketAddress("127.0.0.1", b.port()))) {
			PeerSession old = a.node.connect(PeerAddress.parse(relay.address())).get(10, TimeUnit.SECONDS);
			await().until(() -> b.isConnectedTo("switch-a"));
			AtomicLong sent = new AtomicLong();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread sender = new Thread(() -> {
				try {
					for (long i = 0; i < total; i++) {
						a.packets.send("switch-b", TestPacketType.SEQ, ByteBuffer.allocate(8).putLong(i).array());
						sent.incrementAndGet();
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}, "sequence-sender");
			sender.start();
			await().until(() -> sent.get() > total / 5);
			boolean direct = a.context.getBean(HolePuncher.class).punch(old).get(30, TimeUnit.SECONDS);
			sender.join(60_000);
			assertThat(failure.get()).isNull();
			assertThat(direct).isTrue();
			await().atMost(Duration.ofSeconds(60)).until(() -> b.recorder.sequenceCount.get() >= total);
			assertThat(b.recorder.outOfOrder.get()).isZero();
			assertThat(b.recorder.sequenceCount.get()).isEqualTo(total);
			assertThat(a.session("switch-b")).isNotSameAs(old);
		}
	}

}
