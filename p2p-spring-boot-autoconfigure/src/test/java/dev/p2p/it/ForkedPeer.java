package dev.p2p.it;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.peer.PeerNode;

/**
 * A peer in its own JVM, so a test can kill (or freeze) it for real: it streams SEQ packets to
 * the first peer it connects to until it is killed, or with {@code --forked.stream=false} only
 * prints {@code FORKED-PEER-SESSIONS <node ids>} whenever its set of sessions changes. Arguments
 * are Spring Boot command-line properties.
 */
public final class ForkedPeer {

	private ForkedPeer() {
	}

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestPeerApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		PeerNode node = context.getBean(PeerNode.class);
		PacketOperations packets = context.getBean(PacketOperations.class);
		System.out.println("FORKED-PEER-READY port=" + node.getBoundPort());
		if (!context.getEnvironment().getProperty("forked.stream", Boolean.class, true)) {
			reportSessions(node);
			return;
		}
		long sequence = 0;
		while (true) {
			if (node.getSessions().isEmpty()) {
				Thread.onSpinWait();
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
