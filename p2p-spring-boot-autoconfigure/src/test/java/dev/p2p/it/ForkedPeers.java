package dev.p2p.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An idle {@link ForkedPeer} ({@code --forked.stream=false}) whose output is followed: the set
 * of node ids it is connected to, as it last printed it.
 */
final class ForkedPeers implements AutoCloseable {

	final Process process;

	private volatile Set<String> sessions = Set.of();

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

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
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(prefix);
		command.addAll(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				ForkedPeer.class.getName(), "--forked.stream=false", "--p2p.node-id=" + nodeId,
				"--p2p.packet-types=" + TestPacketType.class.getName(), "--p2p.codec.types.SEQ=bytes",
				"--p2p.codec.types.TEXT=string", "--p2p.codec.types.BOOM=string", "--p2p.codec.types.PING=string",
				"--p2p.codec.types.DELAY=string", "--p2p.codec.types.COMMAND1=bytes",
				"--p2p.codec.types.COMMAND2=bytes", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--logging.level.dev.p2p=INFO"));
		for (String property : properties) {
			command.add("--" + property);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ForkedPeers peer = new ForkedPeers(process);
		Thread reader = new Thread(peer::follow, "forked-peer-" + nodeId);
		reader.setDaemon(true);
		reader.start();
		peer.ready.orTimeout(90, TimeUnit.SECONDS).join();
		return peer;
	}

	private void follow() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("FORKED-PEER-READY")) {
					this.ready.complete(null);
				}
				else if (line.startsWith("FORKED-PEER-SESSIONS")) {
					String ids = line.substring("FORKED-PEER-SESSIONS".length()).trim();
					this.sessions = ids.isEmpty() ? Set.of() : new TreeSet<>(List.of(ids.split(",")));
				}
				else if (System.getProperty("forked.echo") != null) {
					System.out.println("[forked] " + line);
				}
			}
		}
		catch (IOException ex) {
			// process ended
		}
		this.ready.completeExceptionally(new IllegalStateException("forked peer exited before it was ready"));
	}

	/** Node ids it was connected to when it last reported. */
	Set<String> sessions() {
		return this.sessions;
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
