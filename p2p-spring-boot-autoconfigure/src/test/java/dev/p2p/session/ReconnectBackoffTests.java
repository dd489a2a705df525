package dev.p2p.session;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReconnectBackoff}. Jittered delays are random, so those tests check bounds
 * over many samples.
 */
class ReconnectBackoffTests {

	private static final int SAMPLES = 500;

	@Test
	void withoutJitterDelaysDoubleUntilTheyReachMaxDelay() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0);

		assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(400));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(1));
	}

	@ParameterizedTest(name = "attempt {0}")
	@ValueSource(ints = { 62, 63, 100, 1_000_000, Integer.MAX_VALUE })
	void withoutJitterVeryLateAttemptsStayAtMaxDelay(int attempt) {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0);

		assertThat(backoff.delay(attempt)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void withoutJitterFractionalMultiplierRoundsToMillis() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 1.5, 0);

		assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(150));
		assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(225));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(338));
	}

	@Test
	void multiplierOfOneKeepsDelayConstant() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 1.0, 0);

		assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(500));
		assertThat(backoff.delay(10)).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void jitteredDelaysStayWithinJitterOfTheExponentialCurve() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2);
		long[] expected = { 100, 200, 400, 800, 1600, 2000, 2000 };

		for (int attempt = 0; attempt < expected.length; attempt++) {
			long low = Math.round(expected[attempt] * 0.8);
			long high = Math.round(expected[attempt] * 1.2);
			for (int i = 0; i < SAMPLES; i++) {
				assertThat(backoff.delay(attempt).toMillis()).as("attempt %d", attempt).isBetween(low, high);
			}
		}
	}

	@Test
	void jitteredDelaysGrowFromAttemptToAttemptUntilCapped() {
		// with 20 % jitter and doubling, the ranges of successive attempts do not overlap
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.2);

		for (int i = 0; i < SAMPLES; i++) {
			long previous = 0;
			for (int attempt = 0; attempt < 8; attempt++) {
				long delay = backoff.delay(attempt).toMillis();
				assertThat(delay).as("attempt %d", attempt).isGreaterThan(previous);
				previous = delay;
			}
		}
	}

	@Test
	void jitteredDelaysAtCapStayWithinJitterOfMaxDelay() {
		ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;

		for (int i = 0; i < SAMPLES; i++) {
			assertThat(backoff.delay(40).toMillis()).isBetween(24_000L, 30_000L);
		}
	}

	@Test
	void jitterSpreadsDelays() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 0.5);
		Set<Duration> seen = new HashSet<>();

		for (int i = 0; i < SAMPLES; i++) {
			seen.add(backoff.delay(0));
		}

		assertThat(seen).hasSizeGreaterThan(1);
		assertThat(seen).allSatisfy((delay) -> assertThat(delay.toMillis()).isBetween(500L, 1500L));
	}

	@Test
	void fullJitterNeverGoesBelowOneMillisecond() {
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 1.0);

		for (int i = 0; i < SAMPLES; i++) {
			assertThat(backoff.delay(0).toMillis()).isBetween(1L, 2L);
		}
	}

	@Test
	void defaultStartsAt200MillisAndCapsAt30Seconds() {
		assertThat(ReconnectBackoff.DEFAULT.initialDelay()).isEqualTo(Duration.ofMillis(200));
		assertThat(ReconnectBackoff.DEFAULT.maxDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(ReconnectBackoff.DEFAULT.multiplier()).isEqualTo(2.0);
		assertThat(ReconnectBackoff.DEFAULT.jitter()).isEqualTo(0.2);
	}

	@Test
	void acceptsMaxDelayEqualToInitialDelayAndJitterBounds() {
		new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0);
		ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 1.0);

		assertThat(backoff.jitter()).isEqualTo(1.0);
	}

	@Test
	void rejectsZeroInitialDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.2))
			.withMessageContaining("initial delay")
			.withMessageContaining("PT0S");
	}

	@Test
	void rejectsNegativeInitialDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(-5), Duration.ofSeconds(1), 2.0, 0.2))
			.withMessageContaining("initial delay")
			.withMessageContaining("PT-0.005S");
	}

	@Test
	void rejectsMaxDelayShorterThanInitialDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.2))
			.withMessageContaining("PT1S")
			.withMessageContaining("PT2S");
	}

	@ParameterizedTest(name = "multiplier {0}")
	@ValueSource(doubles = { 0.99, 0.5, 0, -2, Double.NEGATIVE_INFINITY })
	void rejectsMultiplierBelowOne(double multiplier) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), multiplier, 0.2))
			.withMessageContaining("multiplier")
			.withMessageContaining(String.valueOf(multiplier));
	}

	@ParameterizedTest(name = "jitter {0}")
	@ValueSource(doubles = { -0.01, 1.01, 5, Double.POSITIVE_INFINITY })
	void rejectsJitterOutsideZeroToOne(double jitter) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, jitter))
			.withMessageContaining("jitter")
			.withMessageContaining(String.valueOf(jitter));
	}

	@Test
	void rejectsNanMultiplier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Double.NaN, 0.2))
			.withMessageContaining("multiplier");
	}

	@Test
	void rejectsNanJitter() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, Double.NaN))
			.withMessageContaining("jitter");
	}

}
