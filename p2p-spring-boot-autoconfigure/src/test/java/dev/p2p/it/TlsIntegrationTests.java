package dev.p2p.it;

import java.nio.ByteBuffer;
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
 * TLS and mutual TLS through properties alone ({@code p2p.ssl.*} naming a
 * {@code spring.ssl.bundle.jks.*} bundle), with key material made at run time. A TLS node and a
 * plaintext peer report a TLS problem in words (which side speaks what, and the property), with
 * the {@code tls} failure reason in events and metrics, logged once per peer however often the
 * dialler retries.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTests {

	@TempDir
	static Path stores;

	static TestCertificates certificates;

	@BeforeAll
	static void certificates() throws Exception {
		certificates = TestCertificates.create(stores, "alice", "bob");
	}

	@Test
	void tlsPeersExchangePacketsOverTls13() {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"));
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob") && bob.isConnectedTo("alice"));
			assertThat(alice.session("bob").getTlsProtocol()).isEqualTo("TLSv1.3");
			assertThat(bob.session("alice").getTlsProtocol()).isEqualTo("TLSv1.3");
			sendSequence(bob, "alice", 200);
			await().until(() -> alice.recorder.sequenceCount.get() == 200);
			assertThat(alice.recorder.outOfOrder.get()).isZero();
		}
	}

	@Test
	void theBundlesEnabledProtocolsWinOverTheP2pDefault() {
		// alice's bundle allows only TLS 1.2; p2p.ssl.protocols (default TLS 1.3) is only a fallback
		try (TestPeer alice = peer("alice", certificates.bundle("alice"),
				"spring.ssl.bundle.jks.alice.options.enabled-protocols=TLSv1.2");
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.ssl.protocols=TLSv1.3,TLSv1.2",
						"p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob") && bob.isConnectedTo("alice"));
			assertThat(alice.session("bob").getTlsProtocol()).isEqualTo("TLSv1.2");
			assertThat(bob.session("alice").getTlsProtocol()).isEqualTo("TLSv1.2");
		}
	}

	@Test
	void plaintextPeerDiallingATlsNode(CapturedOutput output) {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"));
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
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.peers=" + plain.address())) {
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

	@Test
	void mutualTlsConnectsPeersWithTrustedCertificates() throws Exception {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=need",
				"p2p.security.allowed-certificates=" + certificates.fingerprint("bob"));
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("bob") && bob.isConnectedTo("alice"));
			sendSequence(bob, "alice", 50);
			await().until(() -> alice.recorder.sequenceCount.get() == 50);
		}
	}

	@Test
	void mutualTlsRejectsAClientWithoutACertificate() {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=need");
				TestPeer anonymous = peer("anonymous", certificates.trustOnly("anonymous"),
						"p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(alice.recorder.events(PeerHandshakeFailedEvent.class).get(0).getFailure())
				.isEqualTo(HandshakeFailure.TLS);
			assertThat(handshakes(alice, "tls")).isGreaterThanOrEqualTo(1);
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
			assertThat(anonymous.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void mutualTlsRejectsAClientWithAnUntrustedCertificate() {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=need");
				TestPeer rogue = peer("rogue", certificates.bundle("rogue"), "p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent failed = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(failed.getFailure()).isEqualTo(HandshakeFailure.TLS);
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
			assertThat(rogue.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void pinnedCertificatesDenyOtherTrustedPeers() throws Exception {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=need",
				"p2p.security.allowed-certificates=" + certificates.fingerprint("alice"));
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty()
					&& !bob.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent atAlice = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(atAlice.getFailure()).isEqualTo(HandshakeFailure.NOT_ALLOWED);
			assertThat(atAlice.getDetail()).contains(certificates.fingerprint("bob")).contains("allowed certificates");
			assertThat(handshakes(alice, "not-allowed")).isGreaterThanOrEqualTo(1);
			assertThat(bob.recorder.events(PeerHandshakeFailedEvent.class).get(0).getFailure())
				.isEqualTo(HandshakeFailure.DENIED_BY_PEER);
			assertThat(alice.recorder.events(PeerConnectedEvent.class)).isEmpty();
		}
	}

	@Test
	void clientAuthWantAcceptsAnonymousDialersButPinningNeedsTheirCertificate() {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=want");
				TestPeer anonymous = peer("anonymous", certificates.trustOnly("anonymous"),
						"p2p.peers=" + alice.address())) {
			await().until(() -> alice.isConnectedTo("anonymous"));
		}
		try (TestPeer alice = peer("alice", certificates.bundle("alice"), "p2p.ssl.client-auth=want",
				"p2p.security.allowed-certificates=" + "00".repeat(32));
				TestPeer anonymous = peer("anonymous", certificates.trustOnly("anonymous"),
						"p2p.peers=" + alice.address())) {
			await().until(() -> !alice.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			PeerHandshakeFailedEvent failed = alice.recorder.events(PeerHandshakeFailedEvent.class).get(0);
			assertThat(failed.getFailure()).isEqualTo(HandshakeFailure.NOT_ALLOWED);
			assertThat(failed.getDetail()).contains("presented no certificate");
		}
	}

	@Test
	void hostnameVerificationChecksTheDialledAddressWhenTurnedOn() {
		try (TestPeer alice = peer("alice", certificates.bundle("alice"));
				TestPeer bob = peer("bob", certificates.bundle("bob"), "p2p.ssl.verify-hostname=true",
						"p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
		}
		try (TestPeer nosan = peer("nosan", certificates.bundle("nosan"));
				TestPeer strict = peer("bob", certificates.bundle("bob"), "p2p.ssl.verify-hostname=true",
						"p2p.peers=" + nosan.address());
				TestPeer lenient = peer("carol", certificates.bundle("bob"), "p2p.peers=" + nosan.address())) {
			await().until(() -> lenient.isConnectedTo("nosan")
					&& !strict.recorder.events(PeerHandshakeFailedEvent.class).isEmpty());
			assertThat(strict.recorder.events(PeerHandshakeFailedEvent.class).get(0).getFailure())
				.isEqualTo(HandshakeFailure.TLS);
			assertThat(strict.isConnectedTo("nosan")).isFalse();
		}
	}

	private static TestPeer peer(String nodeId, List<String> bundle, String... more) {
		List<String> properties = new ArrayList<>(bundle);
		properties.addAll(List.of(more));
		return TestPeer.start(nodeId, properties.toArray(String[]::new));
	}

	static void sendSequence(TestPeer from, String to, int count) {
		for (long i = 0; i < count; i++) {
			from.packets.send(to, TestPacketType.SEQ, ByteBuffer.allocate(8).putLong(i).array());
		}
	}

	private static List<PeerHandshakeFailedEvent> failures(TestPeer peer) {
		return peer.recorder.events(PeerHandshakeFailedEvent.class);
	}

	private static long countLines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

	private static double handshakes(TestPeer peer, String outcome) {
		MeterRegistry registry = peer.context.getBean(MeterRegistry.class);
		return registry.get(MicrometerPeerMetrics.HANDSHAKES).tag("outcome", outcome).counter().count();
	}

}
