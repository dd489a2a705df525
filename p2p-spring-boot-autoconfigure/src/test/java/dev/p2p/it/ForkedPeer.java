package dev.p2p.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.node.PeerNode;

/**
 * A peer in its own JVM, so a test can kill (or freeze) it for real: it streams SEQ packets to
 * the first peer it connects to until it is killed, or with {@code --forked.stream=false} only
 * prints {@code FORKED-PEER-SESSIONS <node ids>} whenever its set of sessions changes and runs the
 * {@link ForkedCommands} it reads from its standard input. Arguments
 * are Spring Boot command-line properties.
 * {@link #start} forks a JVM with a 256 MB heap running this or another main class.
 */
public final class ForkedPeer {

	private ForkedPeer() {
	}

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestPeerApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		PeerNode node = context.getBean(PeerNode.class);
		PacketOperations<TestPacketType> packets = TestPeer.packets(context);
		System.out.println("FORKED-PEER-READY port=" + node.getBoundPort());
		if (!context.getEnvironment().getProperty("forked.stream", Boolean.class, true)) {
			ForkedCommands.follow(context, System.in);
			reportSessions(node);
			return;
		}
		long sequence = 0;
		while (true) {
			if (node.getSessions().isEmpty()) {
				Thread.sleep(10); // idle until a peer connects, without taking a core from the tests
				continue;
			}
			try {
				packets.send(node.getSessions().get(0), TestPacketType.SEQ,
						ByteBuffer.allocate(1024).putLong(0, sequence++).array());
			}
			catch (RuntimeException ex) {
				// the session went away; wait for the next one
			}
		}
	}

	/**
	 * Fork a JVM ({@code -Xmx256m}, the test class path) running a peer of the test application
	 * and wait until it is listening.
	 * @param mainClass its main class: this one, or {@link ForkedStreamPeer}
	 * @param nodeId its node id
	 * @param port the port it listens on
	 * @return the process
	 */
	static Process start(Class<?> mainClass, String nodeId, int port) {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				mainClass.getName(), "--p2p.node-id=" + nodeId, "--p2p.server.port=" + port,
				"--p2p.server.address=127.0.0.1", "--p2p.packet-types=" + TestPacketType.class.getName(),
				"--p2p.codec.types.SEQ=bytes", "--p2p.codec.types.TEXT=string", "--p2p.codec.types.BOOM=string",
				"--p2p.codec.types.COMMAND1=bytes", "--p2p.codec.types.COMMAND2=bytes",
				"--p2p.codec.types.INFO=string", "--p2p.codec.types.BLOCK=bytes", "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot fork a JVM: " + ex.getMessage(), ex);
		}
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("FORKED-PEER-READY")) {
						ready.complete(null);
					}
				}
			}
			catch (IOException ex) {
				// process ended
			}
			ready.completeExceptionally(new IllegalStateException("forked peer exited before it was ready"));
		}, "forked-peer-output");
		reader.setDaemon(true);
		reader.start();
		ready.orTimeout(60, TimeUnit.SECONDS).join();
		return process;
	}

	private static void reportSessions(PeerNode node) throws InterruptedException {
		Set<String> reported = null;
		while (true) {
			Set<String> now = new TreeSet<>();
			node.getSessions().forEach((session) -> now.add(session.getNodeId()));
			if (!now.equals(reported)) {
				System.out.println("FORKED-PEER-SESSIONS " + String.join(",", now));
				reported = now;
			}
			Thread.sleep(50);
		}
	}

}
