package dev.p2p.transport;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's writes, one at a time and timed: blocking writes have no timeout of their own,
 * so a watchdog asks {@link #blockedNanos(long)} how long the write in progress has waited (what
 * {@link Connection#writeBlockedNanos(long)} returns). Shared by every kind of connection.
 */
public final class TimedWrites {

	private final ReentrantLock lock = new ReentrantLock();

	private volatile long startedNanos;

	/**
	 * Run one write under the lock, timed.
	 * @param body the write
	 * @param failure turns a failure into what the writer sees; it runs under the lock, so it may
	 * reset the connection's encoder and close the connection first
	 * @throws RuntimeException what {@code failure} returns, if the write fails
	 */
	public void write(Body body, Failure failure) {
		this.lock.lock();
		try {
			this.startedNanos = System.nanoTime() | 1;
			body.write();
		}
		catch (IOException | RuntimeException ex) {
			throw failure.failed(ex);
		}
		finally {
			this.startedNanos = 0;
			this.lock.unlock();
		}
	}

	/**
	 * How long the write in progress has waited.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds since it started, 0 when no write is in progress
	 */
	public long blockedNanos(long now) {
		long started = this.startedNanos;
		return (started == 0) ? 0 : now - started;
	}

	/** A write. */
	@FunctionalInterface
	public interface Body {

		/**
		 * Write.
		 * @throws IOException if it fails
		 */
		void write() throws IOException;

	}

	/** What a failed write becomes for the writer. */
	@FunctionalInterface
	public interface Failure {

		/**
		 * Handle the failure (close the connection) and say what to throw.
		 * @param failure the write's exception
		 * @return what the writer gets
		 */
		RuntimeException failed(Exception failure);

	}

}
