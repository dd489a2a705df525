package dev.p2p.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.relay.PeerRelay;
import dev.p2p.node.PeerNode;

/**
 * What a forked peer does on request, one command per line on its standard input, each
 * answered by one {@code FORKED-PEER-REPLY} line, through the public API only:
 * <ul>
 * <li>{@code heap}: heap in use after a full collection, live threads, threads inside the
 * BLOCK listener ({@link Heap});</li>
 * <li>{@code dial <octet> <first> <count> <port> <parallel>}: dial {@code count} distinct
 * loopback addresses {@code 127.0.(octet + i / 250).(1 + i % 250):port} for
 * {@code i = first ..}, at most {@code parallel} at a time, and say how many connected;</li>
 * <li>{@code flood <node> <type> <bytes> <seconds>}: send packets of that size with
 * {@code sendAsync} as fast as they are taken, in the background; {@code flood-status} says
 * how it went, {@code flood-stop} ends it;</li>
 * <li>{@code release}: open the gate of the BLOCK listener;</li>
 * <li>{@code connect-id <node>}: connect by node id (through a relay), say the path;
 * {@code send-text <node> <text>}: send a TEXT packet; {@code texts}: the TEXT payloads received;
 * {@code reservations}: the relays it holds a reservation on;</li>
 * <li>{@code seq-send <node> <count>}: send SEQ packets 0 to count-1 in the background (retrying
 * while there is no room or no session); {@code seq-sent}: how many were taken; {@code seq}: SEQ
 * packets received and how many out of order; {@code seq-first}: the first one received.</li>
 * </ul>
 */
public final class ForkedCommands {

	/** Prefix of every answer line. */
	static final String REPLY = "FORKED-PEER-REPLY";

	private final PeerNode node;

	private final PacketOperations<TestPacketType> packets;

	private final TestPeerApplication.Recorder recorder;

	private final PeerRelay relay;

	private volatile Flood flood;

	private final ConfigurableApplicationContext context;

	private final java.util.concurrent.atomic.AtomicLong sequenceSent = new java.util.concurrent.atomic.AtomicLong();

	private ForkedCommands(ConfigurableApplicationContext context) {
		this.context = context;
		this.node = context.getBean(PeerNode.class);
		this.packets = TestPeer.packets(context);
		this.recorder = context.getBean(TestPeerApplication.Recorder.class);
		this.relay = context.getBean(PeerRelay.class);
	}

	/**
	 * Run the commands read from {@code input} on a daemon thread. Events are no longer kept
	 * (the fork's heap is measured, and nothing outside reads them).
	 * @param context the fork's application
	 * @param input where commands come from
	 */
	static void follow(ConfigurableApplicationContext context, InputStream input) {
		ForkedCommands commands = new ForkedCommands(context);
		commands.recorder.recordEvents = false;
		commands.recorder.events.clear();
		Thread thread = new Thread(() -> commands.run(input), "forked-commands");
		thread.setDaemon(true);
		thread.start();
	}

	private void run(InputStream input) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				String answer;
				try {
					answer = execute(line.trim().split("\\s+"));
				}
				catch (Exception | OutOfMemoryError ex) {
					answer = "error=" + ex;
				}
				System.out.println(REPLY + " " + answer);
			}
		}
		catch (IOException ex) {
			// the test ended
		}
	}

	private String execute(String[] words) throws Exception {
		return switch (words[0]) {
			case "heap" -> heap();
			case "dial" -> dial(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
					Integer.parseInt(words[4]), Integer.parseInt(words[5]));
			case "flood" -> {
				Flood started = new Flood(words[1], TestPacketType.valueOf(words[2]), Integer.parseInt(words[3]),
						Long.parseLong(words[4]));
				this.flood = started;
				started.start();
				yield "started";
			}
			case "flood-status" -> (this.flood != null) ? this.flood.status() : "none";
			case "flood-stop" -> {
				Flood running = this.flood;
				if (running != null) {
					running.finish();
				}
				yield (running != null) ? running.status() : "none";
			}
			case "connect-id" -> {
				PeerSession session = this.packets.connect(words[1]).get(60, TimeUnit.SECONDS);
				yield "node=" + session.getNodeId() + " path=" + session.path().tag() + " relay=" + session.relay();
			}
			case "send-text" -> {
				this.packets.send(words[1], TestPacketType.TEXT, words[2]);
				yield "sent";
			}
			case "texts" -> String.join(",", this.recorder.texts);
			case "reservations" -> String.join(",", this.relay.getReservations());
			case "release" -> {
				this.recorder.blockGate.countDown();
				yield "released";
			}
			case "punch" -> {
				dev.p2p.peer.PeerSession session = this.context.getBean(dev.p2p.node.PeerNode.class)
					.findSession(words[1])
					.orElse(null);
				if (session == null) {
					yield "error=not connected to " + words[1];
				}
				long start = System.nanoTime();
				boolean direct = this.context.getBean(dev.p2p.nat.HolePuncher.class)
					.punch(session)
					.get(60, java.util.concurrent.TimeUnit.SECONDS);
				yield "direct=" + direct + " millis=" + (System.nanoTime() - start) / 1_000_000;
			}
			case "punch-count" -> {
				dev.p2p.nat.HolePuncher puncher = this.context.getBean(dev.p2p.nat.HolePuncher.class);
				yield "direct=" + puncher.count("direct") + " millis=" + puncher.successNanos() / 1_000_000 + " failed="
						+ puncher.count("failed");
			}
			case "session" -> this.context.getBean(dev.p2p.node.PeerNode.class)
				.findSession(words[1])
				.map((s) -> "remote=" + s.getRemoteAddress() + " local=" + s.getLocalAddress() + " path=" + s.path())
				.orElse("none");
			case "observed" -> String.join(",", this.context.getBean(dev.p2p.nat.ObservedAddresses.class).describe());
			case "seq-send" -> {
				String target = words[1];
				long count = Long.parseLong(words[2]);
				Thread sender = new Thread(() -> {
					for (long i = 0; i < count; i++) {
						sendRetrying(target, java.nio.ByteBuffer.allocate(8).putLong(i).array());
						this.sequenceSent.incrementAndGet();
					}
				}, "seq-sender");
				sender.setDaemon(true);
				sender.start();
				yield "started";
			}
			case "seq-sent" -> "sent=" + this.sequenceSent.get();
			case "seq" -> "count=" + this.recorder.sequenceCount.get() + " outOfOrder=" + this.recorder.outOfOrder.get();
			case "seq-first" -> "first=" + this.recorder.firstSequence;
			default -> "error=unknown command " + words[0];
		};
	}

	/** Send a SEQ packet, again after a moment when there is no room or no session (acknowledged delivery). */
	private void sendRetrying(String target, byte[] payload) {
		while (true) {
			try {
				this.packets.send(target, TestPacketType.SEQ, payload);
				return;
			}
			catch (dev.p2p.peer.SendQueueFullException | dev.p2p.peer.PeerNotConnectedException ex) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private String heap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		return "used=" + used + " max=" + Runtime.getRuntime().maxMemory() + " threads="
				+ ManagementFactory.getThreadMXBean().getThreadCount() + " blocked=" + this.recorder.blockedNow.get()
				+ " blockCount=" + this.recorder.blockCount.get();
	}

	private String dial(int octet, int first, int count, int port, int parallel) throws InterruptedException {
		Semaphore slots = new Semaphore(parallel);
		AtomicInteger connected = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		for (int i = first; i < first + count; i++) {
			slots.acquire();
			String host = "127.0." + (octet + i / 250) + "." + (1 + i % 250);
			CompletableFuture<?> dial = this.node.connect(new PeerAddress(host, port));
			dial.orTimeout(20, TimeUnit.SECONDS).whenComplete((session, ex) -> {
				(ex == null ? connected : failed).incrementAndGet();
				slots.release();
			});
		}
		slots.acquire(parallel);
		return "dialled=" + count + " connected=" + connected.get() + " failed=" + failed.get();
	}

	/**
	 * The {@code key=value} fields of an answer.
	 * @param reply the answer
	 * @return its fields by key
	 */
	static Map<String, String> fields(String reply) {
		Map<String, String> fields = new HashMap<>();
		for (String field : reply.split(" ")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				fields.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
		return fields;
	}

	/** Parsed answer to {@code heap}. */
	record Heap(long used, long max, int threads, int blocked, long blockCount) {

		static Heap parse(String reply) {
			Map<String, String> fields = fields(reply);
			if (!fields.containsKey("used")) {
				throw new IllegalStateException("not a heap report: " + reply);
			}
			return new Heap(Long.parseLong(fields.get("used")), Long.parseLong(fields.get("max")),
					Integer.parseInt(fields.get("threads")), Integer.parseInt(fields.get("blocked")),
					Long.parseLong(fields.get("blockCount")));
		}

		long usedMegabytes() {
			return this.used / (1024 * 1024);
		}

	}

	/** Packets sent as fast as the node takes them, counting how each send ended. */
	private final class Flood extends Thread {

		private final String target;

		private final TestPacketType type;

		private final int size;

		private final long deadline;

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong written = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong thrown = new AtomicLong();

		private final AtomicReference<String> firstFailure = new AtomicReference<>("-");

		private final AtomicReference<String> firstThrown = new AtomicReference<>("-");

		private volatile boolean running = true;

		Flood(String target, TestPacketType type, int size, long seconds) {
			super("forked-flood");
			setDaemon(true);
			this.target = target;
			this.type = type;
			this.size = size;
			this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		}

		@Override
		public void run() {
			while (this.running && System.nanoTime() < this.deadline) {
				byte[] payload = new byte[this.size];
				try {
					ForkedCommands.this.packets.sendAsync(this.target, this.type, payload).whenComplete((ok, ex) -> {
						if (ex == null) {
							this.written.incrementAndGet();
						}
						else {
							this.failed.incrementAndGet();
							this.firstFailure.compareAndSet("-", ex.getClass().getName());
						}
					});
					this.sent.incrementAndGet();
				}
				catch (RuntimeException ex) {
					this.thrown.incrementAndGet();
					this.firstThrown.compareAndSet("-", ex.getClass().getName());
					if (ForkedCommands.this.node.findSession(this.target).isEmpty()) {
						pause();
					}
				}
			}
		}

		private void pause() {
			try {
				Thread.sleep(10); // not connected: wait for the redial rather than spin
			}
			catch (InterruptedException ex) {
				this.running = false;
			}
		}

		void finish() throws InterruptedException {
			this.running = false;
			join(10_000);
		}

		String status() {
			return "sent=" + this.sent.get() + " written=" + this.written.get() + " failed=" + this.failed.get()
					+ " thrown=" + this.thrown.get() + " firstFailure=" + this.firstFailure.get() + " firstThrown="
					+ this.firstThrown.get();
		}

	}

}
