package dev.p2p.it;

import java.nio.ByteBuffer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.core.PacketOperations;
import dev.p2p.peer.PeerNode;

/**
 * A peer in its own JVM, so a test can kill it for real: it streams SEQ packets to the first
 * peer it connects to until it is killed. Arguments are Spring Boot command-line properties.
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

}
