package dev.p2p.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.SessionState;
import dev.p2p.stream.StreamSettings;
import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PeerRegistry} without sockets: which of two connections with one peer is kept, and
 * that activation and close exclude each other.
 */
class PeerRegistryTests {

	private final PeerRegistry registry = new PeerRegistry("local");

	private int port = 40000;

	@Test
	void aSessionOfANewPeerIsActivatedAndFound() {
		DefaultPeerSession session = identified(Direction.INBOUND, "a", "instance-1");
		AtomicInteger beforeVisible = new AtomicInteger();
		PeerRegistry.Activation activation = this.registry.activate(session, beforeVisible::incrementAndGet);
		assertThat(activation.activated()).isTrue();
		assertThat(activation.displaced()).isNull();
		assertThat(beforeVisible).hasValue(1);
		assertThat(session.getState()).isEqualTo(SessionState.ACTIVE);
		assertThat(this.registry.find("a")).isSameAs(session);
		assertThat(this.registry.activeSessions()).containsExactly(session);
	}

	@Test
	void aNewerInstanceOfThePeerDisplacesTheOlderSession() {
		DefaultPeerSession old = identified(Direction.INBOUND, "a", "instance-1");
		this.registry.activate(old, () -> {
		});
		DefaultPeerSession restarted = identified(Direction.INBOUND, "a", "instance-2");
		PeerRegistry.Activation activation = this.registry.activate(restarted, () -> {
		});
		assertThat(activation.activated()).isTrue();
		assertThat(activation.displaced()).isSameAs(old);
		assertThat(this.registry.find("a")).isSameAs(restarted);
	}

	@Test
	void ofTwoConnectionsDialledAtOnceTheOneDialledByTheSmallerNodeIdIsKept() {
		// "a" < "local": the connection "a" dialled (inbound here) wins over the one this node dialled
		DefaultPeerSession dialledHere = identified(Direction.OUTBOUND, "a", "instance-1");
		this.registry.activate(dialledHere, () -> {
		});
		DefaultPeerSession dialledThere = identified(Direction.INBOUND, "a", "instance-1");
		assertThat(this.registry.activate(dialledThere, () -> {
		}).displaced()).isSameAs(dialledHere);
		DefaultPeerSession dialledHereAgain = identified(Direction.OUTBOUND, "a", "instance-1");
		PeerRegistry.Activation lost = this.registry.activate(dialledHereAgain, () -> {
		});
		assertThat(lost.activated()).isFalse();
		assertThat(lost.gone()).isFalse();
		assertThat(dialledHereAgain.getState()).isEqualTo(SessionState.HANDSHAKING);
		assertThat(this.registry.find("a")).isSameAs(dialledThere);
	}

	@Test
	void aClosedSessionIsNeitherActivatedNorFound() {
		DefaultPeerSession session = identified(Direction.INBOUND, "a", "instance-1");
		this.registry.opened(session);
		PeerRegistry.Closed closed = this.registry.closed(session);
		assertThat(closed.previous()).isEqualTo(SessionState.HANDSHAKING);
		assertThat(closed.wasCurrent()).isFalse();
		assertThat(this.registry.activate(session, () -> {
		}).gone()).isTrue();
		assertThat(this.registry.find("a")).isNull();
		assertThat(this.registry.openSessions()).isEmpty();
	}

	@Test
	void closingTheActiveSessionSaysItWasCurrent() {
		DefaultPeerSession session = identified(Direction.INBOUND, "a", "instance-1");
		this.registry.opened(session);
		this.registry.activate(session, () -> {
		});
		PeerRegistry.Closed closed = this.registry.closed(session);
		assertThat(closed.previous()).isEqualTo(SessionState.ACTIVE);
		assertThat(closed.wasCurrent()).isTrue();
		assertThat(this.registry.activeCount()).isZero();
	}

	@Test
	void aCandidateClosedWhileItsAcceptIsQueuedIsGone() {
		DefaultPeerSession session = identified(Direction.INBOUND, "a", "instance-1");
		PeerRegistry.Activation activation = this.registry.activate(session,
				() -> session.setState(SessionState.CLOSED));
		assertThat(activation.gone()).isTrue();
		assertThat(this.registry.find("a")).isNull();
	}

	private DefaultPeerSession identified(Direction direction, String nodeId, String instanceId) {
		DefaultPeerSession session = session(new MemoryConnection(direction == Direction.INBOUND, this.port++),
				direction);
		session.identify(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, nodeId, instanceId, "default", "127.0.0.1",
				this.port, "json"));
		return session;
	}

	static DefaultPeerSession session(MemoryConnection connection, Direction direction) {
		return new DefaultPeerSession(connection, direction, new QueueLimits(1 << 20, 1 << 16), 1_000_000_000L,
				new QueueLimits(1 << 20, 1 << 16), Runnable::run,
				Runnable::run, (session, frames) -> {
				}, (code) -> false, PeerMetrics.NONE, StreamSettings.DEFAULTS, (session) -> null);
	}

	static List<Frame> frames(Frame... frames) {
		return List.of(frames);
	}

}
