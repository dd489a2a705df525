package dev.p2p.request;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * The requests a session has in flight, by id: each waits for its REPLY or ERROR, or fails at
 * its timeout. Replies may come in any order. A reply for an id that is not waiting (it timed
 * out, or never existed) is reported by {@link #complete} returning {@code false}.
 */
public final class PendingRequests {

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, Pending<?>> waiting = new ConcurrentHashMap<>();

	/**
	 * Create an empty set of requests.
	 */
	public PendingRequests() {
	}

	/**
	 * Register a request.
	 * @param <R> the reply's type
	 * @param timer schedules the timeout
	 * @param timeoutNanos how long to wait for the reply
	 * @param decoder turns the reply's frame ({@code null} for a reply without one) into the result
	 * @param timedOut the exception to fail with at the timeout
	 * @return the registered request
	 */
	public <R> Pending<R> register(ScheduledExecutorService timer, long timeoutNanos,
			Function<@Nullable Frame, @Nullable R> decoder, Function<Integer, RuntimeException> timedOut) {
		int id = this.ids.incrementAndGet();
		Pending<R> pending = new Pending<>(id, decoder);
		this.waiting.put(id, pending);
		try {
			pending.timeout = timer.schedule(() -> {
				if (this.waiting.remove(id, pending)) {
					pending.result.completeExceptionally(timedOut.apply(id));
				}
			}, timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// the node is stopping: nothing may wait for a timeout that never comes
			this.waiting.remove(id);
			throw ex;
		}
		return pending;
	}

	/**
	 * Complete a request with its reply.
	 * @param id the request's id
	 * @param reply the reply's frame, {@code null} for a reply without one
	 * @return {@code false} if no request with this id was waiting
	 */
	public boolean complete(int id, @Nullable Frame reply) {
		Pending<?> pending = take(id);
		if (pending == null) {
			return false;
		}
		pending.accept(reply);
		return true;
	}

	/**
	 * Fail a request.
	 * @param id the request's id
	 * @param failure why
	 * @return {@code false} if no request with this id was waiting
	 */
	public boolean fail(int id, Throwable failure) {
		Pending<?> pending = take(id);
		if (pending == null) {
			return false;
		}
		pending.result.completeExceptionally(failure);
		return true;
	}

	/**
	 * Fail every waiting request (the session ended).
	 * @param failure why
	 */
	public void failAll(Throwable failure) {
		for (Integer id : List.copyOf(this.waiting.keySet())) {
			fail(id, failure);
		}
	}

	/**
	 * How many requests wait for a reply.
	 * @return count
	 */
	public int size() {
		return this.waiting.size();
	}

	private @Nullable Pending<?> take(int id) {
		Pending<?> pending = this.waiting.remove(id);
		if (pending != null && pending.timeout != null) {
			pending.timeout.cancel(false);
		}
		return pending;
	}

	/**
	 * A request waiting for its reply.
	 * @param <R> the reply's type
	 */
	public static final class Pending<R> {

		private final int id;

		private final Function<@Nullable Frame, @Nullable R> decoder;

		private final CompletableFuture<R> result = new CompletableFuture<>();

		private volatile @Nullable ScheduledFuture<?> timeout;

		private Pending(int id, Function<@Nullable Frame, @Nullable R> decoder) {
			this.id = id;
			this.decoder = decoder;
		}

		/**
		 * The request's id, as sent in its REQUEST frame.
		 * @return the id
		 */
		public int id() {
			return this.id;
		}

		/**
		 * Completed with the decoded reply, or failed.
		 * @return the result
		 */
		public CompletableFuture<R> result() {
			return this.result;
		}

		private void accept(@Nullable Frame reply) {
			try {
				this.result.complete(this.decoder.apply(reply));
			}
			catch (RuntimeException ex) {
				this.result.completeExceptionally(ex);
			}
		}

	}

}
