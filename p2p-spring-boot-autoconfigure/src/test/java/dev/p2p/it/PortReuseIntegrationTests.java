package dev.p2p.it;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerAddress;
import dev.p2p.transport.tcp.ReusePortSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Two real nodes on loopback with port reuse: the listen port stays exclusive to its node, and
 * ordinary dials (from ephemeral ports) keep working, also when two nodes dial each other at once.
 */
class PortReuseIntegrationTests {

	@Test
	void twoNodesDiallingEachOtherAtOnceStillGetOneSession() throws Exception {
		assumeThat(ReusePortSockets.supported()).isTrue();
		for (int round = 0; round < 5; round++) {
			try (TestPeer a = TestPeer.start("cross-a"); TestPeer b = TestPeer.start("cross-b")) {
				// ordinary dials leave from ephemeral ports: no simultaneous open of the two listen ports
				var ab = a.node.connect(PeerAddress.parse(b.address()));
				var ba = b.node.connect(PeerAddress.parse(a.address()));
				ab.get(10, TimeUnit.SECONDS);
				ba.get(10, TimeUnit.SECONDS);
				org.awaitility.Awaitility.await().until(() -> a.node.getSessions().size() == 1
						&& b.node.getSessions().size() == 1);
			}
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
