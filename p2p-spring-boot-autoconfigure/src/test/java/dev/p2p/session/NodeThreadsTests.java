package dev.p2p.session;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The node's thread factories: Spring's, virtual when enabled on Java 21+.
 */
class NodeThreadsTests {

	@Test
	void platformThreadsAreNamedDaemons() {
		Thread thread = NodeThreads.threads("p2p-test-", false).newThread(() -> {
		});
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).startsWith("p2p-test-");
	}

	@Test
	void virtualThreadsWhenEnabledOnJava21() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		ThreadFactory factory = NodeThreads.threads("p2p-test-", true);
		Thread thread = factory.newThread(() -> {
		});
		assertThat((Boolean) Thread.class.getMethod("isVirtual").invoke(thread)).isTrue();
		assertThat(thread.getName()).startsWith("p2p-test-");
	}

}
