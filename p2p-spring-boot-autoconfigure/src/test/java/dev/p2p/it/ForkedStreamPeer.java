package dev.p2p.it;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.node.PeerNode;

/**
 * A peer of the test application in its own JVM that only answers: its SINK listener reads
 * streams and forgets them, its INFO listener says how much it read and how big its heap is.
 * Arguments are Spring Boot command-line properties.
 */
public final class ForkedStreamPeer {

	private ForkedStreamPeer() {
	}

	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestPeerApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		System.out.println("FORKED-PEER-READY port=" + context.getBean(PeerNode.class).getBoundPort());
	}

}
