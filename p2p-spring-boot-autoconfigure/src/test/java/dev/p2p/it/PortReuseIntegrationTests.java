package dev.p2p.it;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerAddress;
import dev.p2p.transport.tcp.ReusePortSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Two real nodes on loopback: the node that dials leaves from its listen port, so the other one
 * sees the dialer's listen port as the connection's remote port (what a NAT then maps).
 */
class PortReuseIntegrationTests {

	@Test
	void aDialledSessionLeavesFromTheListenPort() throws Exception {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (TestPeer a = TestPeer.start("reuse-a"); TestPeer b = TestPeer.start("reuse-b")) {
			a.node.connect(PeerAddress.parse(b.address())).get(10, TimeUnit.SECONDS);
			assertThat(a.session("reuse-b").getLocalAddress().getPort()).isEqualTo(a.port());
			org.awaitility.Awaitility.await().until(() -> b.isConnectedTo("reuse-a"));
			assertThat(b.session("reuse-a").getRemoteAddress().getPort()).isEqualTo(a.port());
		}
	}

	@Test
	void aNodeStillRefusesAPortAnotherNodeListensOn() {
		assumeThat(ReusePortSockets.supported()).isTrue();
		try (TestPeer a = TestPeer.start("reuse-first")) {
			org.assertj.core.api.Assertions.assertThatException()
				.isThrownBy(() -> TestPeer.start("reuse-second", "p2p.server.port=" + a.port()).close());
			assertThat(a.node.isListening()).isTrue();
		}
	}

	@Test
	void portReuseCanBeTurnedOff() throws Exception {
		try (TestPeer a = TestPeer.start("plain-a", "p2p.nat.port-reuse=false"); TestPeer b = TestPeer.start("plain-b")) {
			a.node.connect(PeerAddress.parse(b.address())).get(10, TimeUnit.SECONDS);
			assertThat(a.session("plain-b").getLocalAddress().getPort()).isNotEqualTo(a.port());
		}
	}

}
