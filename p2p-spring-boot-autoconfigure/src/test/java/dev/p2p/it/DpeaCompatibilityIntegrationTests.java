package dev.p2p.it;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handshake mode none: a plain socket speaking dpea-p2p frames ({@code struct.pack("<II")})
 * from the first byte, as the Python client of the dpea-p2p example does.
 */
class DpeaCompatibilityIntegrationTests {

	@Test
	void dpeaClientGetsHelloBackAsInTheExample() throws Exception {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				RawPeer client = new RawPeer(server.port())) {
			client.sendRaw(new byte[] { 1, 0, 0, 0, 6, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', '!' });
			Frame reply = client.receive();
			assertThat(reply.type()).isEqualTo(2);
			assertThat(new String(reply.payload(), StandardCharsets.US_ASCII)).isEqualTo("Hello back!");
			String clientId = "127.0.0.1:" + client.socket.getLocalPort();
			assertThat(server.isConnectedTo(clientId)).isTrue();
			assertThat(server.recorder.events(PeerConnectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getNodeId()).isEqualTo(clientId));
		}
	}

	@Test
	void unknownTypeIsSkippedAndTheNextFrameStillAnswered() throws Exception {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				RawPeer client = new RawPeer(server.port())) {
			client.send(99, "junk that must be skipped".getBytes());
			client.send(0xFFFFFF01, "not a HELLO in mode none".getBytes());
			client.send(1, "Hello!".getBytes());
			assertThat(client.receive().type()).isEqualTo(2);
			await().until(() -> server.recorder.events(PacketRejectedEvent.class).size() == 2);
			assertThat(server.recorder.events(PacketRejectedEvent.class)).extracting(PacketRejectedEvent::getTypeCode)
				.containsExactly(99, 0xFFFFFF01);
			assertThat(server.recorder.events(PacketRejectedEvent.class))
				.allSatisfy((event) -> assertThat(event.getReason()).isEqualTo(RejectionReason.UNKNOWN_TYPE));
		}
	}

	@Test
	void oversizeLengthClosesOnlyThatConnectionAndOthersKeepWorking() throws Exception {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none", "p2p.max-payload-size=1KB");
				RawPeer attacker = new RawPeer(server.port()); RawPeer honest = new RawPeer(server.port())) {
			attacker.send(1, "fine".getBytes());
			assertThat(attacker.receive().type()).isEqualTo(2);
			attacker.sendRaw(new byte[] { 1, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F });
			assertThat(attacker.closedByPeer()).isTrue();
			honest.send(1, "still there?".getBytes());
			assertThat(honest.receive().type()).isEqualTo(2);
			await().until(() -> !server.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			PeerDisconnectedEvent disconnected = server.recorder.events(PeerDisconnectedEvent.class).get(0);
			assertThat(disconnected.getReason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
			assertThat(disconnected.getDetail()).contains("2147483647").contains("1024");
			assertThat(server.recorder.events(PacketRejectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(RejectionReason.OVERSIZE));
		}
	}

	@Test
	void streamCutMidFrameIsReportedAsTruncated() throws Exception {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				RawPeer client = new RawPeer(server.port())) {
			client.sendRaw(new byte[] { 1, 0, 0, 0, 100, 0, 0, 0, 'p', 'a', 'r', 't' });
			client.close();
			await().until(() -> !server.recorder.events(PeerDisconnectedEvent.class).isEmpty());
			assertThat(server.recorder.events(PeerDisconnectedEvent.class).get(0).getReason())
				.isEqualTo(DisconnectReason.PROTOCOL_ERROR);
			assertThat(server.recorder.events(PacketRejectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(RejectionReason.TRUNCATED));
		}
	}

	@Test
	void javaPeerInModeNoneDialsAPlainDpeaServer() throws Exception {
		try (TestPeer server = TestPeer.start("server", "p2p.handshake.mode=none");
				TestPeer client = TestPeer.start("client", "p2p.handshake.mode=none", "p2p.server.enabled=false",
						"p2p.peers=" + server.address())) {
			await().until(() -> client.node.getSessions().size() == 1);
			String serverId = client.node.getSessions().get(0).getNodeId();
			assertThat(serverId).isEqualTo(server.address());
			client.packets.send(serverId, TestPacketType.COMMAND1, "Hello!".getBytes());
			await().until(() -> client.recorder.command2.contains("Hello back!"));
		}
	}

}
