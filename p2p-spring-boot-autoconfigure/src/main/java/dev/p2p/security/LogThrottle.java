package dev.p2p.security;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * At most one log line per kind and interval, counting what it held back: a flood of hostile
 * connections must not turn into a flood of log lines. Events and metrics still see every one.
 */
public final class LogThrottle {

	private final long intervalNanos;

	private final AtomicLongArray lastLogged;

	private final AtomicLong[] suppressed;

	/**
	 * Create a throttle.
	 * @param kinds how many kinds of line there are (indexes 0 to kinds - 1)
	 * @param intervalNanos the least time between two lines of one kind
	 */
	public LogThrottle(int kinds, long intervalNanos) {
		this.intervalNanos = intervalNanos;
		this.lastLogged = new AtomicLongArray(kinds);
		this.suppressed = new AtomicLong[kinds];
		for (int i = 0; i < kinds; i++) {
			this.suppressed[i] = new AtomicLong();
		}
	}

	/**
	 * Whether a line of this kind may be logged now.
	 * @param kind index of the kind
	 * @return -1 if not (it is counted as held back), otherwise how many were held back since
	 * the last line of this kind
	 */
	public long tryLog(int kind) {
		long now = System.nanoTime();
		long last = this.lastLogged.get(kind);
		if ((last != 0 && now - last < this.intervalNanos) || !this.lastLogged.compareAndSet(kind, last, now | 1)) {
			this.suppressed[kind].incrementAndGet();
			return -1;
		}
		return this.suppressed[kind].getAndSet(0);
	}

}
