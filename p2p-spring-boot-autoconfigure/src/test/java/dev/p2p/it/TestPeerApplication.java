package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import dev.p2p.stream.StreamInput;

/**
 * The Boot application every integration-test peer runs: listeners that record what they get.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestPeerApplication {

	@Bean
	Recorder recorder(org.springframework.core.env.Environment environment) {
		Recorder recorder = new Recorder();
		recorder.relativeSequence = environment.getProperty("test.seq-relative", Boolean.class, false);
		return recorder;
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

		/** The first SEQ number received, -1 before one arrived. */
		public volatile long firstSequence = -1;

		/**
		 * Whether SEQ numbers are expected from the first one received on, not from 0 (a
		 * restarted receiver, which gets what its previous instance left unacknowledged).
		 */
		public volatile boolean relativeSequence;

		/** Whether events are kept; a fork that makes thousands of connections turns it off to measure its heap. */
		public volatile boolean recordEvents = true;

		/** Opens the gate of the BLOCK listener, which waits for it (or an interrupt) on every packet. */
		public final CountDownLatch blockGate = new CountDownLatch(1);

		/** Threads inside the BLOCK listener now. */
		public final AtomicInteger blockedNow = new AtomicInteger();

		/** BLOCK packets whose listener returned. */
		public final AtomicLong blockCount = new AtomicLong();

		@EventListener
		void on(PeerEvent event) {
			if (this.recordEvents) {
				this.events.add(event);
			}
		}

		/** A listener that blocks until the gate opens: a slow consumer of one peer's packets. */
		@PacketListener("BLOCK")
		void onBlock(byte[] payload) throws InterruptedException {
			this.blockedNow.incrementAndGet();
			try {
				this.blockGate.await();
			}
			finally {
				this.blockedNow.decrementAndGet();
			}
			this.blockCount.incrementAndGet();
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
			if (this.firstSequence < 0) {
				this.firstSequence = sequence;
				if (this.relativeSequence) {
					this.nextSequence.set(sequence);
				}
			}
			if (sequence != this.nextSequence.getAndIncrement()) {
				this.outOfOrder.incrementAndGet();
			}
			this.sequenceCount.incrementAndGet();
		}

		/** Streams the BLOB listener read to the end. */
		public final Queue<ReceivedStream> streams = new ConcurrentLinkedQueue<>();

		/** Messages of the IOExceptions stream listeners got while reading. */
		public final Queue<String> streamErrors = new ConcurrentLinkedQueue<>();

		/** Opens the gate of the SLOW listener, which waits for it before reading. */
		public final CountDownLatch slowGate = new CountDownLatch(1);

		/** Bytes the SINK listener has read (it keeps no data). */
		public final AtomicLong sunk = new AtomicLong();

		/** Reads a stream to its end, hashing what it reads. */
		@PacketListener("BLOB")
		void onBlob(StreamInput data, PeerSession from) throws IOException, NoSuchAlgorithmException {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[8192];
			long total = 0;
			try {
				for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
					digest.update(buffer, 0, n);
					total += n;
				}
			}
			catch (IOException ex) {
				this.streamErrors.add(ex.getMessage());
				throw ex;
			}
			this.streams.add(new ReceivedStream(from.getNodeId(), data.getName(), data.getDeclaredSize(), total,
					HexFormat.of().formatHex(digest.digest())));
		}

		/** Waits for the gate, then reads in small pieces. */
		@PacketListener("SLOW")
		void onSlow(InputStream data) throws IOException, InterruptedException {
			this.slowGate.await();
			byte[] buffer = new byte[1000];
			long total = 0;
			for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
				total += n;
			}
			this.streams.add(new ReceivedStream("", "slow", -1, total, ""));
		}

		/** Reads 100 bytes and returns. */
		@PacketListener("HALF")
		void onHalf(InputStream data) throws IOException {
			data.readNBytes(100);
		}

		/** Reads and forgets. */
		@PacketListener("SINK")
		void onSink(InputStream data) throws IOException {
			byte[] buffer = new byte[64 * 1024];
			try {
				for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
					this.sunk.addAndGet(n);
				}
			}
			catch (IOException ex) {
				this.streamErrors.add(ex.getMessage());
				throw ex;
			}
		}

		/** Answers with the number of bytes SINK has read and the free heap. */
		@PacketListener(value = "INFO", replyType = "TEXT")
		String info(String question) {
			Runtime runtime = Runtime.getRuntime();
			return "sunk=" + this.sunk.get() + " maxHeap=" + runtime.maxMemory();
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

	/** A stream the BLOB listener read. */
	public record ReceivedStream(String from, String name, long declaredSize, long bytes, String sha256) {
	}

	/** A payload with who sent it. */
	public record Received<T>(T payload, String from, TestPacketType type) {
	}

}
