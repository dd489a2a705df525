package dev.p2p.handshake;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2p.peer.PeerIdentity;

/**
 * Tests for {@link HandshakePolicy}.
 */
class HandshakePolicyTests {

	private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40123);

	private final List<String> calls = new ArrayList<>();

	@Test
	void acceptsMatchingPeerWithoutInterceptors() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of());

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 0));

		assertThat(decision.accepted()).isTrue();
		assertThat(decision.reason()).isNull();
	}

	@Test
	void deniesOtherNetworkIdNamingBothIds() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of(recording("never", true)));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "test-net"), 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).contains("'test-net'").contains("'main-net'");
		assertThat(this.calls).isEmpty();
	}

	@Test
	void networkIdComparisonIsExact() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of());

		assertThat(policy.judge(offer(identity("remote", "Main-Net"), 0)).accepted()).isFalse();
		assertThat(policy.judge(offer(identity("remote", ""), 0)).accepted()).isFalse();
	}

	@Test
	void deniesOtherProtocolVersion() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of(recording("never", true)));
		PeerIdentity future = new PeerIdentity(PeerIdentity.PROTOCOL_VERSION + 1, "remote", "i", "main-net", null, 0,
				"json");

		HandshakeDecision decision = policy.judge(offer(future, 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).contains("protocol version " + (PeerIdentity.PROTOCOL_VERSION + 1))
			.contains(String.valueOf(PeerIdentity.PROTOCOL_VERSION));
		assertThat(this.calls).isEmpty();
	}

	@Test
	void deniesOwnNodeId() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of(recording("never", true)));

		HandshakeDecision decision = policy.judge(offer(identity("local", "main-net"), 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).contains("'local'").contains("own id");
		assertThat(this.calls).isEmpty();
	}

	@Test
	void deniesWhenConnectionLimitIsReached() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 3, List.of(recording("never", true)));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 3));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).isEqualTo("connection limit of 3 reached");
		assertThat(this.calls).isEmpty();
	}

	@Test
	void acceptsJustBelowConnectionLimit() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 3, List.of());

		assertThat(policy.judge(offer(identity("remote", "main-net"), 2)).accepted()).isTrue();
	}

	@Test
	void zeroMaxConnectionsMeansNoLimit() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 0, List.of());

		assertThat(policy.judge(offer(identity("remote", "main-net"), 100_000)).accepted()).isTrue();
	}

	@Test
	void interceptorDenialWinsOverEarlierAcceptance() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10,
				List.of(recording("first", true), recording("second", false), recording("third", true)));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).isEqualTo("second says no");
		assertThat(this.calls).containsExactly("first", "second");
	}

	@Test
	void interceptorSeesTheOffer() {
		List<PeerOffer> seen = new ArrayList<>();
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of((offer) -> {
			seen.add(offer);
			return offer.nodeId().startsWith("robot-") ? HandshakeDecision.accept() : HandshakeDecision.deny("robots only");
		}));
		PeerOffer human = offer(identity("human-1", "main-net"), 4);

		assertThat(policy.judge(human).reason()).isEqualTo("robots only");
		assertThat(policy.judge(offer(identity("robot-7", "main-net"), 4)).accepted()).isTrue();
		assertThat(seen).first().isSameAs(human);
	}

	@Test
	void interceptorThatThrowsDeniesWithGenericReason() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of((offer) -> {
			throw new IllegalStateException("database password is hunter2");
		}, recording("after", true)));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).isEqualTo("offer check failed");
		assertThat(this.calls).isEmpty();
	}

	@Test
	void interceptorReturningNullDenies() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, List.of((offer) -> null));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 0));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.reason()).isEqualTo("denied");
	}

	@Test
	void acceptsWhenEveryInterceptorAccepts() {
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10,
				List.of(recording("first", true), recording("second", true), recording("third", true)));

		HandshakeDecision decision = policy.judge(offer(identity("remote", "main-net"), 9));

		assertThat(decision.accepted()).isTrue();
		assertThat(decision.reason()).isNull();
		assertThat(this.calls).containsExactly("first", "second", "third");
	}

	@Test
	void keepsItsOwnCopyOfInterceptors() {
		List<HandshakeInterceptor> interceptors = new ArrayList<>();
		HandshakePolicy policy = new HandshakePolicy("local", "main-net", 10, interceptors);
		interceptors.add(recording("late", false));

		assertThat(policy.judge(offer(identity("remote", "main-net"), 0)).accepted()).isTrue();
		assertThat(this.calls).isEmpty();
	}

	private HandshakeInterceptor recording(String name, boolean accept) {
		return (offer) -> {
			this.calls.add(name);
			return accept ? HandshakeDecision.accept() : HandshakeDecision.deny(name + " says no");
		};
	}

	private static PeerIdentity identity(String nodeId, String networkId) {
		return new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, nodeId, "instance-" + nodeId, networkId, "10.0.0.9", 5001,
				"json");
	}

	private static PeerOffer offer(PeerIdentity identity, int activeSessions) {
		return new PeerOffer(identity, REMOTE, activeSessions);
	}

}
