package dev.p2p.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.relay.PeerRelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code p2p.ssl.bundle} a relayed session is TLS end to end inside the circuit (the relay
 * forwards ciphertext), on top of the TLS of each hop.
 */
class RelayTlsIntegrationTests {

	@TempDir
	static Path stores;

	static TestCertificates certificates;

	@BeforeAll
	static void certificates() throws Exception {
		certificates = TestCertificates.create(stores, "relay", "alice", "bob");
	}

	@Test
	void aRelayedSessionIsTlsEndToEnd() throws Exception {
		try (TestPeer relay = peer("relay", "p2p.relay.enabled=true");
				TestPeer alice = peer("alice", "p2p.relay.peers=" + relay.address(), "p2p.ssl.client-auth=need");
				TestPeer bob = peer("bob", "p2p.relay.peers=" + relay.address())) {
			await().until(() -> relay.context.getBean(PeerRelay.class).getReservedNodes().containsAll(List.of("alice", "bob")));
			PeerSession session = bob.packets.connect("alice").get(30, TimeUnit.SECONDS);
			assertThat(session.path()).isEqualTo(SessionPath.RELAYED);
			assertThat(session.getTlsProtocol()).isEqualTo("TLSv1.3");
			await().until(() -> alice.isConnectedTo("bob"));
			assertThat(alice.session("bob").getTlsProtocol()).isEqualTo("TLSv1.3");
			TlsIntegrationTests.sendSequence(bob, "alice", 2000);
			TlsIntegrationTests.sendSequence(alice, "bob", 2000);
			await().until(() -> alice.recorder.sequenceCount.get() == 2000 && bob.recorder.sequenceCount.get() == 2000);
			assertThat(alice.recorder.outOfOrder.get()).isZero();
			assertThat(bob.recorder.outOfOrder.get()).isZero();
		}
	}

	private static TestPeer peer(String nodeId, String... more) {
		List<String> properties = new ArrayList<>(certificates.bundle(nodeId));
		properties.addAll(List.of(more));
		return TestPeer.start(nodeId, properties.toArray(String[]::new));
	}

}
