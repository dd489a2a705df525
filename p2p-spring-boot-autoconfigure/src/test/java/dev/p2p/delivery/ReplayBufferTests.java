package dev.p2p.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.wire.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReplayBufferTests {

	private enum Type {
		A
	}

	@Test
	void boundsArePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplayBuffer(0, 1)).withMessageContaining("0");
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplayBuffer(1, 0));
	}

	@Test
	void anAcknowledgementRemovesEverythingUpToItsPosition() throws Exception {
		ReplayBuffer buffer = new ReplayBuffer(1_000, 10);
		for (int i = 1; i <= 5; i++) {
			assertThat(buffer.reserve(18, 0)).isTrue();
			buffer.append(entry(i, 10));
		}
		assertThat(buffer.bytes()).isEqualTo(90);
		List<Outgoing> acknowledged = buffer.acknowledge(3);
		assertThat(acknowledged).extracting((entry) -> entry.position).containsExactly(1L, 2L, 3L);
		assertThat(buffer.entries()).extracting((entry) -> entry.position).containsExactly(4L, 5L);
		assertThat(buffer.bytes()).isEqualTo(36);
		assertThat(buffer.acknowledge(3)).isEmpty();
	}

	@Test
	void aFullBufferRefusesWithoutWaitingAndMakesRoomOnAcknowledgement() throws Exception {
		ReplayBuffer buffer = new ReplayBuffer(1_000, 2);
		buffer.reserve(18, 0);
		buffer.append(entry(1, 10));
		buffer.reserve(18, 0);
		buffer.append(entry(2, 10));
		assertThat(buffer.reserve(18, 0)).isFalse();
		CompletableFuture<Boolean> waiting = CompletableFuture
			.supplyAsync(() -> reserve(buffer, Duration.ofSeconds(10)));
		buffer.acknowledge(1);
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void theByteBoundCountsFramesWithTheirHeaders() throws Exception {
		ReplayBuffer buffer = new ReplayBuffer(30, 100);
		assertThat(buffer.reserve(18, 0)).isTrue();
		assertThat(buffer.reserve(18, 0)).isFalse();
		buffer.cancel(18);
		assertThat(buffer.reserve(18, 0)).isTrue();
	}

	@Test
	void aLonePacketLargerThanTheBoundFitsAnEmptyBuffer() throws Exception {
		ReplayBuffer buffer = new ReplayBuffer(30, 100);
		assertThat(buffer.reserve(1_000, 0)).isTrue();
		assertThat(buffer.reserve(1, 0)).isFalse();
	}

	@Test
	void closingHandsBackEverythingAndRefusesMore() throws Exception {
		ReplayBuffer buffer = new ReplayBuffer(1_000, 10);
		buffer.reserve(18, 0);
		buffer.append(entry(1, 10));
		assertThat(buffer.close()).hasSize(1);
		assertThat(buffer.bytes()).isZero();
		assertThat(buffer.reserve(1, 0)).isFalse();
	}

	@Test
	void tryAppendTakesRoomOnlyWhenThereIsSome() {
		ReplayBuffer buffer = new ReplayBuffer(1_000, 2);
		assertThat(buffer.tryAppend(entry(1, 10))).isTrue();
		assertThat(buffer.tryAppend(entry(2, 10))).isTrue();
		assertThat(buffer.tryAppend(entry(3, 10))).isFalse();
		assertThat(buffer.packets()).isEqualTo(2);
		assertThat(buffer.bytes()).isEqualTo(36);
		buffer.close();
		assertThat(buffer.tryAppend(entry(4, 10))).isFalse();
	}

	@Test
	void releaseHandsBackOnlyThePacketsSomebodyWaitsOn() {
		ReplayBuffer buffer = new ReplayBuffer(1_000, 10);
		CompletableFuture<Void> acknowledged = new CompletableFuture<>();
		buffer.tryAppend(entry(1, 10));
		buffer.tryAppend(new Outgoing(2, new Frame(1, new byte[10]), Type.A, DeliveryMode.AT_LEAST_ONCE, acknowledged));
		buffer.tryAppend(entry(3, 10));
		assertThat(buffer.release(3)).extracting((entry) -> entry.acknowledged).containsExactly(acknowledged);
		assertThat(buffer.packets()).isZero();
		assertThat(buffer.bytes()).isZero();
	}

	@Test
	void settingsPickTheTypesOverride() {
		DeliverySettings settings = new DeliverySettings(DeliveryMode.AT_MOST_ONCE, Map.of("A", DeliveryMode.EXACTLY_ONCE),
				false, 1_000, 10, Duration.ofMinutes(1), Duration.ofMillis(100), 8, Duration.ofSeconds(1));
		assertThat(settings.modeOf(Type.A)).isEqualTo(DeliveryMode.EXACTLY_ONCE);
		assertThat(settings.active()).isTrue();
		assertThat(DeliverySettings.OFF.active()).isFalse();
		assertThat(DeliveryMode.AT_LEAST_ONCE.tag()).isEqualTo("at-least-once");
	}

	private static boolean reserve(ReplayBuffer buffer, Duration timeout) {
		return buffer.reserve(18, timeout.toNanos());
	}

	private static Outgoing entry(long position, int payload) {
		return new Outgoing(position, new Frame(1, new byte[payload]), Type.A, DeliveryMode.AT_LEAST_ONCE, null);
	}

}
