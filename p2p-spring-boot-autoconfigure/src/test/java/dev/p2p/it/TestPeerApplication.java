package dev.p2p.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.p2p.event.PeerEvent;
import dev.p2p.listener.PacketListener;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;

/**
 * The Boot application every integration-test peer runs: listeners that record what they get.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestPeerApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/** A JSON record payload. */
	public record Move(String axis, int steps) {
	}

	/** A JSON record reply. */
	public record Ack(String from, int steps) {
	}

	/** What one peer received. */
	public static class Recorder {

		public final List<PeerEvent> events = new CopyOnWriteArrayList<>();

		public final Queue<Received<Move>> moves = new ConcurrentLinkedQueue<>();

		public final Queue<Received<Ack>> acks = new ConcurrentLinkedQueue<>();

		public final Queue<String> texts = new ConcurrentLinkedQueue<>();

		public final Queue<String> command2 = new ConcurrentLinkedQueue<>();

		/** TEXT and PING payloads in the order their listeners ran. */
		public final Queue<String> arrivals = new ConcurrentLinkedQueue<>();

		/** Threads the inline PING listener ran on. */
		public final Queue<String> pingThreads = new ConcurrentLinkedQueue<>();

		public final AtomicLong sequenceCount = new AtomicLong();

		public final AtomicLong nextSequence = new AtomicLong();

		public final AtomicLong outOfOrder = new AtomicLong();

		@EventListener
		void on(PeerEvent event) {
			this.events.add(event);
		}

		public <E extends PeerEvent> List<E> events(Class<E> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

		@PacketListener(value = "MOVE", replyType = "ACK")
		Ack onMove(Move move, PeerSession from, TestPacketType type) {
			this.moves.add(new Received<>(move, from.getNodeId(), type));
			return new Ack(from.getNodeId(), move.steps());
		}

		@PacketListener("ACK")
		void onAck(Ack ack, PeerSession from) {
			this.acks.add(new Received<>(ack, from.getNodeId(), TestPacketType.ACK));
		}

		@PacketListener("TEXT")
		void onText(String text, Packet packet) {
			this.texts.add(text + "|" + packet.payload().length);
			this.arrivals.add(text);
		}

		/** Answers "done-&lt;ms&gt;" after the number of milliseconds it is sent, from another thread. */
		@PacketListener(value = "DELAY", replyType = "TEXT")
		CompletableFuture<String> delayed(String millis) {
			long delay = Long.parseLong(millis);
			return CompletableFuture.supplyAsync(() -> "done-" + delay,
					CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
		}

		@PacketListener(value = "PING", inline = true)
		void onPing(String text) {
			this.arrivals.add(text);
			this.pingThreads.add(Thread.currentThread().getName());
		}

		@PacketListener("SEQ")
		void onSequence(byte[] payload) {
			long sequence = ByteBuffer.wrap(payload).getLong();
			if (sequence != this.nextSequence.getAndIncrement()) {
				this.outOfOrder.incrementAndGet();
			}
			this.sequenceCount.incrementAndGet();
		}

		@PacketListener("BOOM")
		void boom(String text) {
			throw new IllegalStateException("listener failed on purpose: " + text);
		}

		@PacketListener("COMMAND1")
		PacketReply onCommand1(byte[] payload) {
			return PacketReply.of(TestPacketType.COMMAND2, "Hello back!".getBytes(StandardCharsets.UTF_8));
		}

		@PacketListener("COMMAND2")
		void onCommand2(byte[] payload) {
			this.command2.add(new String(payload, StandardCharsets.UTF_8));
		}

	}

	/** A payload with who sent it. */
	public record Received<T>(T payload, String from, TestPacketType type) {
	}

}
