package dev.p2p.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An idle {@link ForkedPeer} ({@code --forked.stream=false}) whose output is followed: the set
 * of node ids it is connected to, as it last printed it, whether it ran out of heap, and the
 * answers to {@linkplain #command commands} it reads from its standard input ({@link ForkedCommands}).
 */
final class ForkedPeers implements AutoCloseable {

	final Process process;

	private volatile Set<String> sessions = Set.of();

	private volatile int port;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private volatile boolean outOfMemory;

	private ForkedPeers(Process process) {
		this.process = process;
	}

	/**
	 * Start an idle forked peer.
	 * @param prefix command words before {@code java} (for example {@code ip netns exec ns}), may be empty
	 * @param nodeId its node id
	 * @param properties extra {@code key=value} properties
	 * @return the peer, once it listens
	 */
	static ForkedPeers start(List<String> prefix, String nodeId, String... properties) throws IOException {
		return start(prefix, "128m", nodeId, properties);
	}

	/**
	 * Start an idle forked peer on loopback with a heap of a given size.
	 * @param maxHeap the {@code -Xmx} value, for example {@code 96m}
	 * @param nodeId its node id
	 * @param properties extra {@code key=value} properties
	 * @return the peer, once it listens
	 */
	static ForkedPeers withHeap(String maxHeap, String nodeId, String... properties) throws IOException {
		List<String> all = new ArrayList<>(List.of("p2p.server.port=0", "p2p.server.address=127.0.0.1"));
		all.addAll(List.of(properties));
		return start(List.of(), maxHeap, nodeId, all.toArray(String[]::new));
	}

	private static ForkedPeers start(List<String> prefix, String maxHeap, String nodeId, String... properties)
			throws IOException {
		List<String> args = new ArrayList<>(List.of("--forked.stream=false", "--p2p.node-id=" + nodeId,
				"--p2p.packet-types=" + TestPacketType.class.getName(), "--p2p.codec.types.SEQ=bytes",
				"--p2p.codec.types.TEXT=string", "--p2p.codec.types.BOOM=string", "--p2p.codec.types.PING=string",
				"--p2p.codec.types.DELAY=string", "--p2p.codec.types.COMMAND1=bytes",
				"--p2p.codec.types.COMMAND2=bytes", "--p2p.codec.types.INFO=string", "--p2p.codec.types.BLOCK=bytes",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--logging.level.dev.p2p=INFO"));
		String defaultTransport = TestPeer.transport;
		if (defaultTransport != null) {
			args.add("--p2p.transport=" + defaultTransport);
		}
		for (String property : properties) {
			args.add("--" + property);
		}
		ForkedPeers peer = new ForkedPeers(TestJvm.start(prefix, List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1"),
				ForkedPeer.class, args));
		TestJvm.follow(peer.process, "forked-peer-" + nodeId, peer::line, () -> peer.ready
			.completeExceptionally(new IllegalStateException("forked peer exited before it was ready")));
		try {
			peer.ready.orTimeout(90, TimeUnit.SECONDS).join();
		}
		catch (RuntimeException ex) {
			// never leave a peer that did not come up running behind the test
			peer.close();
			throw ex;
		}
		return peer;
	}

	private void line(String line) {
		if (line.contains("OutOfMemoryError")) {
			this.outOfMemory = true;
		}
		if (line.startsWith("FORKED-PEER-READY")) {
			this.port = Integer.parseInt(line.substring(line.indexOf("port=") + 5).trim());
			this.ready.complete(null);
		}
		else if (line.startsWith(ForkedCommands.REPLY)) {
			this.replies.add(line.substring(ForkedCommands.REPLY.length()).trim());
		}
		else if (line.startsWith("FORKED-PEER-SESSIONS")) {
			String ids = line.substring("FORKED-PEER-SESSIONS".length()).trim();
			this.sessions = ids.isEmpty() ? Set.of() : new TreeSet<>(List.of(ids.split(",")));
		}
		else if (System.getProperty("forked.echo") != null) {
			System.out.println("[forked] " + line);
		}
	}

	/** Node ids it was connected to when it last reported. */
	Set<String> sessions() {
		return this.sessions;
	}

	/** The port it listens on. */
	int port() {
		return this.port;
	}

	/** Its listen address, {@code 127.0.0.1:port}. */
	String address() {
		return "127.0.0.1:" + this.port;
	}

	/** Whether it printed an {@code OutOfMemoryError} at any time. */
	boolean ranOutOfMemory() {
		return this.outOfMemory;
	}

	/**
	 * Send it a command (see {@link ForkedCommands}) and wait for the answer.
	 * @param line the command
	 * @param timeout longest wait for the answer
	 * @return the answer
	 * @throws IllegalStateException if it did not answer in time (it died, or is frozen)
	 */
	String command(String line, Duration timeout) throws IOException, InterruptedException {
		this.replies.clear();
		OutputStream in = this.process.getOutputStream();
		in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
		String reply = this.replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (reply == null) {
			throw new IllegalStateException("forked peer gave no answer to '" + line + "' within " + timeout
					+ (this.process.isAlive() ? "" : " (it exited with " + this.process.exitValue() + ")")
					+ (this.outOfMemory ? "; it ran out of heap" : ""));
		}
		return reply;
	}

	/**
	 * Its heap in use after a full collection and its live threads ({@code heap} command).
	 * @return the figures it reported
	 */
	ForkedCommands.Heap heap() throws IOException, InterruptedException {
		return ForkedCommands.Heap.parse(command("heap", Duration.ofSeconds(60)));
	}

	long pid() {
		return this.process.pid();
	}

	/** Send a signal ({@code STOP}, {@code CONT}) to the process. */
	void signal(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
