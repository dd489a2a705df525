package dev.p2p.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a receiver to catch up without distorting the measurement much: brief spins,
 * then short parks.
 */
public final class Waits {

	private Waits() {
	}

	/**
	 * Wait until a condition holds.
	 * @param condition the condition
	 * @param timeoutMillis give up after this long
	 * @param what described in the timeout message
	 * @throws TimeoutException if it does not hold in time
	 */
	public static void until(BooleanSupplier condition, long timeoutMillis, String what) throws TimeoutException {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
		int spins = 0;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new TimeoutException("timed out after " + timeoutMillis + " ms waiting for " + what);
			}
			if (spins++ < 100) {
				Thread.onSpinWait();
			}
			else {
				LockSupport.parkNanos(20_000);
			}
		}
	}

}
