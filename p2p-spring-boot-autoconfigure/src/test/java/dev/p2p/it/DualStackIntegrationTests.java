package dev.p2p.it;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes on ::1 and 127.0.0.1: an IPv6 node and an IPv4 node both reach a dual-stack listener, and
 * each side sees the other in its own family.
 */
class DualStackIntegrationTests {

	@Test
	void ipv6AndIpv4NodesReachADualStackNode() throws Exception {
		// p2p.server.address unset: the listener takes both families (tests dial it on loopback only)
		try (TestPeer dual = TestPeer.start("dual", "p2p.server.address=");
				TestPeer six = TestPeer.start("six", "p2p.server.address=::1");
				TestPeer four = TestPeer.start("four")) {
			six.node.connect(PeerAddress.parse("[::1]:" + dual.port())).get(10, TimeUnit.SECONDS);
			four.node.connect(PeerAddress.parse("127.0.0.1:" + dual.port())).get(10, TimeUnit.SECONDS);
			org.awaitility.Awaitility.await().until(() -> dual.isConnectedTo("six") && dual.isConnectedTo("four"));
			assertThat(dual.session("six").getRemoteAddress().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
			assertThat(dual.session("four").getRemoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
			assertThat(six.session("dual").getRemoteAddress().getPort()).isEqualTo(dual.port());
		}
	}

	@Test
	void anIpv6OnlyPairConnectsOverIpv6() throws Exception {
		try (TestPeer a = TestPeer.start("six-a", "p2p.server.address=::1");
				TestPeer b = TestPeer.start("six-b", "p2p.server.address=::1")) {
			a.node.connect(PeerAddress.parse("[::1]:" + b.port())).get(10, TimeUnit.SECONDS);
			org.awaitility.Awaitility.await().until(() -> b.isConnectedTo("six-a"));
			assertThat(b.session("six-a").getRemoteAddress().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
		}
	}

}
