package dev.p2p.delivery;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.delivery.InboundPositions.Outcome;
import dev.p2p.session.DefaultPeerSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class InboundPositionsTests {

	private final DefaultPeerSession first = mock(DefaultPeerSession.class);

	private final DefaultPeerSession second = mock(DefaultPeerSession.class);

	private final InboundPositions positions = new InboundPositions();

	private final List<String> handled = new ArrayList<>();

	@Test
	void nothingCountsBeforeAConnectionStarts() {
		assertThat(receive(this.first, "a", false)).isEqualTo(Outcome.STALE);
		assertThat(this.handled).isEmpty();
	}

	@Test
	void positionsCountAfterTheHandlingAndAcknowledgementsFollowTheThreshold() {
		this.positions.start(this.first, 0, true);
		assertThat(receive(this.first, "a", false)).isEqualTo(Outcome.HANDLED);
		assertThat(receive(this.first, "b", false)).isEqualTo(Outcome.HANDLED);
		assertThat(this.positions.due(3)).isEqualTo(-1);
		assertThat(this.positions.due(2)).isEqualTo(2);
		this.positions.acknowledged(2);
		assertThat(this.positions.due(1)).isEqualTo(-1);
	}

	@Test
	void aResumptionAnnouncesTheLastHandledAndContinuesFromItsBase() {
		this.positions.start(this.first, 0, true);
		receive(this.first, "a", false);
		receive(this.first, "b", false);
		assertThat(this.positions.stop()).isEqualTo(2);
		// a late frame of the old connection no longer counts: the peer sends it again
		assertThat(receive(this.first, "late", false)).isEqualTo(Outcome.STALE);
		this.positions.start(this.second, 2, false);
		assertThat(receive(this.second, "c", false)).isEqualTo(Outcome.HANDLED);
		assertThat(this.positions.due(1)).isEqualTo(3);
		assertThat(this.handled).containsExactly("a", "b", "c");
	}

	@Test
	void exactlyOnceDropsAPositionHandledBefore() {
		this.positions.start(this.first, 0, true);
		receive(this.first, "a", true);
		receive(this.first, "b", true);
		// the base was announced lower than what was handled meanwhile: position 2 comes again
		this.positions.start(this.second, 1, false);
		assertThat(receive(this.second, "b again", true)).isEqualTo(Outcome.DUPLICATE);
		assertThat(receive(this.second, "c", true)).isEqualTo(Outcome.HANDLED);
		assertThat(this.handled).containsExactly("a", "b", "c");
	}

	@Test
	void atLeastOnceHandlesAPositionThatComesAgain() {
		this.positions.start(this.first, 0, true);
		receive(this.first, "a", false);
		receive(this.first, "b", false);
		this.positions.start(this.second, 1, false);
		assertThat(receive(this.second, "b again", false)).isEqualTo(Outcome.HANDLED);
		assertThat(this.handled).containsExactly("a", "b", "b again");
	}

	@Test
	void aFreshSessionCountsFromOne() {
		this.positions.start(this.first, 0, true);
		receive(this.first, "a", false);
		this.positions.stop();
		this.positions.start(this.second, 0, true);
		receive(this.second, "b", false);
		assertThat(this.positions.due(1)).isEqualTo(1);
	}

	@Test
	void anEndedConnectionStopsCounting() {
		this.positions.start(this.first, 0, true);
		this.positions.ended(this.second);
		assertThat(receive(this.first, "a", false)).isEqualTo(Outcome.HANDLED);
		this.positions.ended(this.first);
		assertThat(receive(this.first, "b", false)).isEqualTo(Outcome.STALE);
	}

	private Outcome receive(DefaultPeerSession session, String packet, boolean dropDuplicates) {
		return this.positions.receive(session, dropDuplicates, () -> this.handled.add(packet));
	}

}
