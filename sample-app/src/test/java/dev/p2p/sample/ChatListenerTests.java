package dev.p2p.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.p2p.test.TestPeer;
import dev.p2p.test.TestPeers;
import dev.p2p.test.autoconfigure.P2pTest;

import static org.assertj.core.api.Assertions.assertThat;

@P2pTest(properties = "p2p.node-id=sample")
class ChatListenerTests {

	@Autowired
	TestPeers testPeers;

	@Test
	void greetsEveryPeerThatConnects() {
		try (TestPeer peer = this.testPeers.connect("tester")) {
			ChatMessage greeting = peer.expect(PacketType.CHAT, ChatMessage.class)
				.within(Duration.ofSeconds(5))
				.payload();
			assertThat(greeting).isEqualTo(new ChatMessage("sample", "hi tester, I am sample"));
		}
	}

	@Test
	void answersCommand1WithHelloBack() {
		try (TestPeer peer = this.testPeers.connect()) {
			peer.send(PacketType.COMMAND1, "Hello!".getBytes(StandardCharsets.UTF_8));
			byte[] answer = peer.expect(PacketType.COMMAND2, byte[].class).within(Duration.ofSeconds(5)).payload();
			assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("Hello back!");
		}
	}

}
