package dev.p2p.readme;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import dev.p2p.packet.CodedPacketType;      // packet-type enums; Packet, PacketReply, PacketCodec too
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;            // the peer API: PeerAddress, Direction, exceptions
import dev.p2p.peer.StreamResult;
import dev.p2p.event.PeerConnectedEvent;    // events
import dev.p2p.stream.StreamContent;        // what a stream sends
import dev.p2p.stream.StreamInput;          // what a stream listener reads
import dev.p2p.node.PeerNode;               // the running node: sessions, connect, bound port
import dev.p2p.listener.PacketListener;     // the listener annotation
import dev.p2p.core.PacketOperations;       // the one send API (PacketTemplate, PacketExchange)
import dev.p2p.core.PacketExchange;
import dev.p2p.core.PacketExchangeProxyFactory;

/**
 * The README's Java snippets (quick start, requests, remote command interfaces, streams) with
 * the imports the README lists, compiled with the tests so that they keep compiling against
 * the API. Nothing runs them: the integration tests cover what they do. Keep them in step
 * with README.md.
 */
@SuppressWarnings({ "unused", "ResultOfMethodCallIgnored" })
final class ReadmeExamples {

	private ReadmeExamples() {
	}

	public enum PacketType implements CodedPacketType {       // or a plain enum: codes = ordinals
		NULL(0), COMMAND1(1), COMMAND2(2), MOVE(10), ACK(11), STOP(12), FILE(13);
		private final int code;
		PacketType(int code) { this.code = code; }
		public int code() { return code; }
	}

	record Move(String axis, int steps) {
	}

	record Ack(String from, int steps) {
	}

	static class RobotListeners {

		private final Path inbox = Path.of("inbox");

		@PacketListener(value = "MOVE", replyType = "ACK")    // return value = reply of type ACK
		Ack onMove(Move move, PeerSession from) {             // JSON -> record via Jackson 3
			return new Ack(from.getNodeId(), move.steps());
		}

		@PacketListener({ "COMMAND1", "COMMAND2" })
		void onCommand(byte[] payload, PacketType type, Packet raw) {
		}

		@PacketListener("FILE")
		void receive(StreamInput data, PeerSession from) throws IOException {
			String name = data.getName();                       // chosen by the peer: check it before it becomes a path
			if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")) {
				throw new IllegalArgumentException("not a plain file name: " + name);   // cancels the stream; the sender is told
			}
			Files.copy(data, inbox.resolve(name));              // IOException if the data is corrupt or the stream breaks
		}

	}

	static class Control {

		private final PacketOperations<PacketType> packets;   // typed by p2p.packet-types

		Control(PacketOperations<PacketType> packets) {
			this.packets = packets;
		}

		void go() {
			packets.send("robot-1", PacketType.MOVE, new Move("x", 42));
			packets.broadcast(PacketType.COMMAND1, "Hello!".getBytes());
			packets.sendAsync("robot-1", PacketType.MOVE, new Move("y", 1)).join();  // written
		}

		void requests(PeerSession session, Move move) {
			CompletableFuture<Ack> ack = packets.request("robot-1", PacketType.MOVE, new Move("x", 42), Ack.class);
			packets.request(session, PacketType.MOVE, move, Ack.class, Duration.ofMillis(500));   // own timeout
		}

		void streams(PeerSession session, InputStream inputStream, Flow.Publisher<ByteBuffer> publisher) {
			StreamResult sent = packets.stream("robot-1", PacketType.FILE, Path.of("map.bin")).join();   // name and size travel along
			packets.stream("robot-1", PacketType.FILE, inputStream);                                     // read to its end, then closed
			packets.stream(session, PacketType.FILE, StreamContent.of(publisher).named("camera.h264"));  // one buffer at a time
		}

	}

	interface RobotClient {
		@PacketExchange("MOVE") Ack move(Move move);                          // request, waits for the reply
		@PacketExchange("MOVE") CompletableFuture<Ack> moveAsync(Move move);  // request, reply later
		@PacketExchange("STOP") void stop(String reason);                     // fire and forget
	}

	static void remoteCommands(PacketExchangeProxyFactory proxyFactory) {
		RobotClient robot = proxyFactory.createClient(RobotClient.class, "robot-1");
		Ack ack = robot.move(new Move("x", 42));     // RemotePacketException if the robot's listener threw
	}

	static void types(PeerNode node, PeerConnectedEvent event, PacketReply reply) {
		// the remaining types of the README's import list, so that each import is used
	}

}
