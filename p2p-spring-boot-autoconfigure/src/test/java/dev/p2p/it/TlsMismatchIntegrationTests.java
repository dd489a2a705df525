package dev.p2p.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerHandshakeFailedEvent;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with TLS and a node without it: both sides report a TLS problem in words (which side
 * speaks what, and the property), with the {@code tls} failure reason in events and metrics,
 * and log it once per peer however often the dialler retries, instead of a malformed frame per
 * redial.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsMismatchIntegrationTests {

	@TempDir
	static Path stores;

	static TestCertificates certificates;

	@BeforeAll
	static void certificates() throws Exception {
		certificates = TestCertificates.create(stores, "alice", "bob");
	}

	@Test
	void plaintextPeerDiallingATlsNode(CapturedOutput output) {
		try (TestPeer alice = tlsPeer("alice");
				TestPeer plain = TestPeer.start("plain", "p2p.peers=" + alice.address())) {
			// several redials, each failing the same way
			await().until(() -> failures(plain).size() >= 3 && failures(alice).size() >= 3);
			assertThat(failures(plain)).allSatisfy((event) -> {
				assertThat(event.getFailure()).isEqualTo(HandshakeFailure.TLS);
				assertThat(event.getDetail()).startsWith("peer at " + alice.address()
						+ " speaks TLS but this node does not use TLS (p2p.ssl.bundle is not set)");
			});
			assertThat(failures(alice)).allSatisfy((event) -> {
				assertThat(event.getFailure()).isEqualTo(HandshakeFailure.TLS);
				assertThat(event.getDetail()).contains("speaks plaintext but this node requires TLS (p2p.ssl.bundle)");
			});
			assertThat(handshakes(plain, "tls")).isGreaterThanOrEqualTo(3);
			assertThat(handshakes(alice, "tls")).isGreaterThanOrEqualTo(3);
			assertThat(plain.recorder.events(PeerConnectedEvent.class)).isEmpty();
			assertThat(countLines(output, "TLS mismatch: peer at " + alice.address() + " speaks TLS")).isOne();
			assertThat(countLines(output, "speaks plaintext but this node requires TLS")).isOne();
			assertThat(output.getOut()).doesNotContain("expected 8 bytes");
		}
	}

	@Test
	void tlsPeerDiallingAPlaintextNode(CapturedOutput output) {
		try (TestPeer plain = TestPeer.start("plain");
				TestPeer bob = tlsPeer("bob", "p2p.peers=" + plain.address())) {
			await().until(() -> failures(plain).size() >= 3 && failures(bob).size() >= 3);
			assertThat(failures(plain)).allSatisfy((event) -> {
				assertThat(event.getFailure()).isEqualTo(HandshakeFailure.TLS);
				assertThat(event.getDetail()).contains("speaks TLS but this node does not use TLS")
					.contains("TLS ClientHello");
			});
			assertThat(failures(bob)).allSatisfy((event) -> {
				assertThat(event.getFailure()).isEqualTo(HandshakeFailure.TLS);
				assertThat(event.getDetail()).startsWith("peer at " + plain.address());
			});
			assertThat(handshakes(plain, "tls")).isGreaterThanOrEqualTo(3);
			assertThat(countLines(output, "TLS mismatch: peer at 127.0.0.1")).isEqualTo(2);
		}
	}

	private static TestPeer tlsPeer(String nodeId, String... more) {
		List<String> properties = new ArrayList<>(certificates.bundle(nodeId));
		properties.addAll(List.of(more));
		return TestPeer.start(nodeId, properties.toArray(String[]::new));
	}

	private static List<PeerHandshakeFailedEvent> failures(TestPeer peer) {
		return peer.recorder.events(PeerHandshakeFailedEvent.class);
	}

	private static double handshakes(TestPeer peer, String outcome) {
		MeterRegistry registry = peer.context.getBean(MeterRegistry.class);
		return registry.get(MicrometerPeerMetrics.HANDSHAKES).tag("outcome", outcome).counter().count();
	}

	private static long countLines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

}
