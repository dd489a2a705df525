package dev.p2p.it;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.p2p.autoconfigure.actuate.P2pEndpoint.NodeDescriptor;
import dev.p2p.autoconfigure.actuate.P2pEndpoint.PeerDescriptor;
import dev.p2p.autoconfigure.actuate.P2pEndpoint;
import dev.p2p.autoconfigure.actuate.P2pEndpointWebExtension.ConnectFailure;
import dev.p2p.autoconfigure.actuate.P2pEndpointWebExtension;
import dev.p2p.autoconfigure.actuate.PeerConnectException;
import dev.p2p.peer.Direction;
import dev.p2p.peer.SessionState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code p2p} endpoint on real nodes connected over loopback.
 */
class P2pEndpointIntegrationTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	@Test
	void connectedPeersAreListedWithTheirDirection() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer spoke = TestPeer.start("spoke", "p2p.peers=" + hub.address())) {
			P2pEndpoint hubEndpoint = new P2pEndpoint(hub.node, CONNECT_TIMEOUT);
			P2pEndpoint spokeEndpoint = new P2pEndpoint(spoke.node, CONNECT_TIMEOUT);
			await().until(() -> hubEndpoint.node().peers().size() == 1 && spokeEndpoint.node().peers().size() == 1);

			NodeDescriptor node = hubEndpoint.node();
			assertThat(node.nodeId()).isEqualTo("hub");
			assertThat(node.networkId()).isEqualTo("default");
			assertThat(node.running()).isTrue();
			assertThat(node.boundAddress()).isEqualTo(hub.address());
			assertThat(node.peers()).singleElement().satisfies((peer) -> {
				assertThat(peer.nodeId()).isEqualTo("spoke");
				assertThat(peer.direction()).isEqualTo(Direction.INBOUND);
				assertThat(peer.state()).isEqualTo(SessionState.ACTIVE);
				assertThat(peer.remoteAddress()).startsWith("127.0.0.1:");
				assertThat(peer.connectedSince()).isNotNull().isBeforeOrEqualTo(Instant.now());
			});
			assertThat(spokeEndpoint.node().peers()).singleElement().satisfies((peer) -> {
				assertThat(peer.nodeId()).isEqualTo("hub");
				assertThat(peer.direction()).isEqualTo(Direction.OUTBOUND);
				assertThat(peer.remoteAddress()).isEqualTo(hub.address());
			});
		}
	}

	@Test
	void packetAndByteCountsFollowWhatIsSent() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer spoke = TestPeer.start("spoke", "p2p.peers=" + hub.address())) {
			P2pEndpoint hubEndpoint = new P2pEndpoint(hub.node, CONNECT_TIMEOUT);
			P2pEndpoint spokeEndpoint = new P2pEndpoint(spoke.node, CONNECT_TIMEOUT);
			await().until(() -> hub.isConnectedTo("spoke") && spoke.isConnectedTo("hub"));
			PeerDescriptor received = hubEndpoint.peer("spoke");
			PeerDescriptor sent = spokeEndpoint.peer("hub");

			for (int i = 0; i < 3; i++) {
				spoke.packets.send("hub", TestPacketType.TEXT, "hello");
			}

			long frameBytes = 3 * (8 + "hello".length());
			await().untilAsserted(() -> {
				PeerDescriptor now = hubEndpoint.peer("spoke");
				assertThat(now.packetsIn()).isEqualTo(received.packetsIn() + 3);
				assertThat(now.bytesIn()).isEqualTo(received.bytesIn() + frameBytes);
				assertThat(now.lastSeen()).isAfterOrEqualTo(received.lastSeen());
			});
			await().untilAsserted(() -> {
				PeerDescriptor now = spokeEndpoint.peer("hub");
				assertThat(now.packetsOut()).isEqualTo(sent.packetsOut() + 3);
				assertThat(now.bytesOut()).isEqualTo(sent.bytesOut() + frameBytes);
			});
		}
	}

	@Test
	void peerIsLookedUpByNodeId() {
		try (TestPeer hub = TestPeer.start("hub");
				TestPeer spoke = TestPeer.start("spoke", "p2p.peers=" + hub.address())) {
			P2pEndpoint endpoint = new P2pEndpoint(hub.node, CONNECT_TIMEOUT);
			await().until(() -> hub.isConnectedTo("spoke"));

			assertThat(endpoint.peer("spoke")).isNotNull().satisfies((peer) -> {
				assertThat(peer.nodeId()).isEqualTo("spoke");
				assertThat(peer.direction()).isEqualTo(Direction.INBOUND);
			});
			assertThat(endpoint.peer("nobody")).isNull();
		}
	}

	@Test
	void connectDialsAnAddressAndReturnsThePeer() {
		try (TestPeer a = TestPeer.start("a");
				TestPeer b = TestPeer.start("b")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);
			assertThat(endpoint.node().peers()).isEmpty();

			PeerDescriptor peer = endpoint.connect(b.address());

			assertThat(peer.nodeId()).isEqualTo("b");
			assertThat(peer.direction()).isEqualTo(Direction.OUTBOUND);
			assertThat(peer.state()).isEqualTo(SessionState.ACTIVE);
			assertThat(a.isConnectedTo("b")).isTrue();
			await().until(() -> b.isConnectedTo("a"));
			assertThat(endpoint.connect(b.address()).nodeId()).as("connected already").isEqualTo("b");
			assertThat(a.node.getSessions()).hasSize(1);
		}
	}

	@Test
	void connectToABadAddressIsAnInvalidRequest() {
		try (TestPeer a = TestPeer.start("a")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);

			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.connect("nowhere"))
				.satisfies((ex) -> assertThat(ex.getReason()).contains("'nowhere'").contains("host:port"));
			WebEndpointResponse<?> response = new P2pEndpointWebExtension(endpoint).connect("127.0.0.1:0");
			assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
			assertThat(response.getBody()).isInstanceOfSatisfying(ConnectFailure.class, (failure) -> {
				assertThat(failure.address()).isEqualTo("127.0.0.1:0");
				assertThat(failure.error()).contains("1 to 65535");
			});
		}
	}

	@Test
	void connectToAnAddressWhereNobodyListensFailsWithTheReason() {
		try (TestPeer a = TestPeer.start("a")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);
			String nobody = "127.0.0.1:" + FreePorts.find();

			assertThatExceptionOfType(PeerConnectException.class).isThrownBy(() -> endpoint.connect(nobody))
				.withMessageStartingWith("Cannot connect to " + nobody + ": ")
				.satisfies((ex) -> assertThat(ex.getMessage()).containsOnlyOnce(nobody));
			WebEndpointResponse<?> response = new P2pEndpointWebExtension(endpoint).connect(nobody);
			assertThat(response.getStatus()).isEqualTo(502);
			assertThat(response.getBody()).isInstanceOfSatisfying(ConnectFailure.class,
					(failure) -> assertThat(failure.error()).startsWith("Cannot connect to " + nobody));
			assertThat(a.node.getSessions()).isEmpty();
		}
	}

	@Test
	void connectToAPeerThatDeniesFailsWithTheHandshakeReason() {
		try (TestPeer a = TestPeer.start("a", "p2p.network-id=one");
				TestPeer b = TestPeer.start("b", "p2p.network-id=two")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);

			assertThatExceptionOfType(PeerConnectException.class).isThrownBy(() -> endpoint.connect(b.address()))
				.withMessageStartingWith("Handshake with " + b.address() + " failed")
				.withMessageContaining("network");
			assertThat(a.node.getSessions()).isEmpty();
		}
	}

	@Test
	void disconnectClosesThePeersSession() {
		try (TestPeer a = TestPeer.start("a");
				TestPeer b = TestPeer.start("b")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);
			endpoint.connect(b.address());
			await().until(() -> b.isConnectedTo("a"));

			PeerDescriptor closing = endpoint.disconnect("b");

			assertThat(closing).isNotNull();
			assertThat(closing.nodeId()).isEqualTo("b");
			assertThat(closing.state()).isIn(SessionState.CLOSING, SessionState.CLOSED);
			await().until(() -> !a.isConnectedTo("b") && !b.isConnectedTo("a"));
			assertThat(endpoint.peer("b")).isNull();
		}
	}

	@Test
	void disconnectOfAPeerThatIsNotConnectedFindsNothing() {
		try (TestPeer a = TestPeer.start("a")) {
			P2pEndpoint endpoint = new P2pEndpoint(a.node, CONNECT_TIMEOUT);

			assertThat(endpoint.disconnect("nobody")).isNull();
			assertThat(new P2pEndpointWebExtension(endpoint).disconnect("nobody").getStatus())
				.isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
		}
	}

}
