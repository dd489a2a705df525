package dev.p2p.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.it.TestPeerApplication.Ack;
import dev.p2p.it.TestPeerApplication.Move;
import dev.p2p.wire.ControlCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What only the event-loop transport ({@code p2p.transport=netty}) has to show beside the
 * behaviours its variants of the TCP tests check ({@code Netty*IntegrationTests}): it speaks the
 * same bytes as the TCP transport, and many connections cost it no thread each.
 */
class NettyTransportIntegrationTests {

	@Test
	void nettyNodeAndTcpNodeExchangeSmallAndLargePacketsInOrderBothWays() {
		try (TestPeer netty = TestPeer.start("netty", "p2p.transport=netty");
				TestPeer tcp = TestPeer.start("tcp", "p2p.transport=tcp", "p2p.peers=" + netty.address())) {
			await().until(() -> tcp.isConnectedTo("netty") && netty.isConnectedTo("tcp"));
			sendSequence(tcp, "netty");
			sendSequence(netty, "tcp");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> netty.recorder.sequenceCount.get() == COUNT && tcp.recorder.sequenceCount.get() == COUNT);
			assertThat(netty.recorder.outOfOrder).hasValue(0);
			assertThat(tcp.recorder.outOfOrder).hasValue(0);
			// JSON records and their replies, each way
			tcp.packets.send("netty", TestPacketType.MOVE, new Move("x", 1));
			netty.packets.send("tcp", TestPacketType.MOVE, new Move("y", 2));
			await().until(() -> !tcp.recorder.acks.isEmpty() && !netty.recorder.acks.isEmpty());
			assertThat(tcp.recorder.acks.peek().payload()).isEqualTo(new Ack("tcp", 1));
			assertThat(netty.recorder.acks.peek().payload()).isEqualTo(new Ack("netty", 2));
		}
	}

	private static final int COUNT = 100_000;

	/** COUNT numbered packets of 64 bytes, every 10,000th of 1 MiB. */
	private static void sendSequence(TestPeer sender, String to) {
		for (long i = 0; i < COUNT; i++) {
			int size = (i % 10_000 == 5_000) ? 1024 * 1024 : 64;
			sender.packets.send(to, TestPacketType.SEQ, ByteBuffer.allocate(size).putLong(0, i).array());
		}
	}

	@Test
	void fiveHundredPeersHandshakeWithAFewThreads() throws Exception {
		int peers = 500;
		try (TestPeer hub = TestPeer.start("hub", "p2p.transport=netty", "p2p.limits.max-connections=1000",
				"p2p.limits.max-connections-per-address=1000", "p2p.limits.connection-rate=100000",
				"p2p.limits.connection-burst=100000", "p2p.limits.max-handshaking=1000",
				"p2p.limits.max-handshaking-per-address=1000")) {
			List<RawPeer> raw = new ArrayList<>();
			try {
				for (int i = 0; i < peers; i++) {
					RawPeer peer = new RawPeer(hub.port());
					raw.add(peer);
					peer.hello("raw-" + i, "instance-" + i, "default");
				}
				for (RawPeer peer : raw) {
					assertThat(peer.receive().type()).isEqualTo(ControlCode.ACCEPT);
				}
				await().until(() -> hub.node.getSessions().size() == peers);
				// a reader thread per connection would make 500 of them
				long ioThreads = Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().startsWith("p2p-io-"))
					.count();
				assertThat(ioThreads).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 4L);
			}
			finally {
				for (RawPeer peer : raw) {
					peer.close();
				}
			}
		}
	}

}
