package dev.p2p.it;

import java.time.Duration;

/**
 * Lengths of the robustness tests: short in the test command, long with {@code -Dp2p.soak=true}.
 */
final class Soak {

	private Soak() {
	}

	static boolean enabled() {
		return Boolean.getBoolean("p2p.soak");
	}

	/**
	 * How long a phase runs.
	 * @param test the length in the test command
	 * @param soak the length in a soak
	 * @return the length that applies
	 */
	static Duration of(Duration test, Duration soak) {
		return enabled() ? soak : test;
	}

	/**
	 * A count that grows in a soak.
	 * @param test the count in the test command
	 * @param soak the count in a soak
	 * @return the count that applies
	 */
	static int of(int test, int soak) {
		return enabled() ? soak : test;
	}

}
