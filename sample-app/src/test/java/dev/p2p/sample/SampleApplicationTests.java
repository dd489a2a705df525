package dev.p2p.sample;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.p2p.node.PeerNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample peer, exercised the way the dpea-p2p example client talks to it.
 */
class SampleApplicationTests {

	@Nested
	@SpringBootTest(properties = { "p2p.handshake.mode=none" })
	class DpeaClient {

		@Autowired
		PeerNode node;

		@Test
		void command1IsAnsweredWithCommand2HelloBack() throws Exception {
			try (Socket socket = new Socket("127.0.0.1", this.node.getBoundPort())) {
				socket.setSoTimeout(10_000);
				byte[] hello = "Hello!".getBytes(StandardCharsets.UTF_8);
				OutputStream out = socket.getOutputStream();
				// struct.pack("<II", PacketType.COMMAND1.value, len(payload)) + payload
				out.write(ByteBuffer.allocate(8 + hello.length)
					.order(ByteOrder.LITTLE_ENDIAN)
					.putInt(1)
					.putInt(hello.length)
					.put(hello)
					.array());
				out.flush();
				DataInputStream in = new DataInputStream(socket.getInputStream());
				byte[] header = new byte[8];
				in.readFully(header);
				ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
				assertThat(fields.getInt()).isEqualTo(PacketType.COMMAND2.code());
				byte[] payload = new byte[fields.getInt()];
				in.readFully(payload);
				assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("Hello back!");
			}
		}

	}

	@Nested
	@SpringBootTest(properties = { "p2p.node-id=sample" })
	class Defaults {

		@Autowired
		PeerNode node;

		@Test
		void runsAHelloModePeerWithTheSamplePacketTypes() {
			assertThat(this.node.isListening()).isTrue();
			assertThat(this.node.getNodeId()).isEqualTo("sample");
			assertThat(this.node.getBoundPort()).isPositive();
		}

	}

}
