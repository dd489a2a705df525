package dev.p2p.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The bounded, serially drained queue behind a session's writer and listener dispatch.
 */
class SerialQueueTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void itemsAreConsumedInOrderAndNeverConcurrently() throws Exception {
		List<Integer> consumed = new CopyOnWriteArrayList<>();
		AtomicInteger concurrent = new AtomicInteger();
		AtomicInteger maxConcurrent = new AtomicInteger();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000_000, (item) -> 1, this.executor, (batch) -> {
			maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
			consumed.addAll(batch);
			concurrent.decrementAndGet();
		});
		for (int i = 0; i < 50_000; i++) {
			assertThat(queue.offer(i, 0)).isTrue();
		}
		await().until(() -> consumed.size() == 50_000);
		assertThat(consumed).isSorted();
		assertThat(maxConcurrent).hasValue(1);
	}

	@Test
	void itemsOfferedWhileADrainRunsLeaveTogetherInTheNextBatch() throws Exception {
		CountDownLatch firstBatchStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor, (batch) -> {
			batches.add(List.copyOf(batch));
			firstBatchStarted.countDown();
			hold(release);
		});
		queue.offer(0, 0);
		firstBatchStarted.await();
		for (int i = 1; i <= 10; i++) {
			queue.offer(i, 0);
		}
		release.countDown();
		await().until(() -> batches.size() == 2);
		assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	}

	@Test
	void sealIfIdleRefusesLaterItemsOnlyWhenNothingIsQueuedOrBeingConsumed() throws Exception {
		HeldConsumer held = new HeldConsumer();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor, held);
		queue.offer(1, 0);
		held.awaitConsuming();
		// item 1 is being consumed: a last item written by the caller would overtake it
		assertThat(queue.sealIfIdle()).isFalse();
		held.release();
		await().until(() -> held.consumed.contains(1) && queue.sealIfIdle());
		assertThatIllegalStateException().isThrownBy(() -> queue.offer(2, 0));
		assertThat(queue.offerLast(3)).isFalse();
		assertThat(queue.sealIfIdle()).isFalse();
		assertThat(held.consumed).containsExactly(1);
	}

	@Test
	void fullQueueMakesProducersWaitThenTimesOut() throws Exception {
		HeldConsumer held = new HeldConsumer();
		SerialQueue<Integer> queue = new SerialQueue<>(12, (item) -> 4, this.executor, held);
		assertThat(queue.offer(1, 0)).isTrue();
		held.awaitConsuming(); // item 1 is now held by the blocked consumer: it still counts
		assertThat(queue.offer(2, 0)).isTrue();
		assertThat(queue.offer(3, 0)).isTrue();
		assertThat(queue.weight()).isEqualTo(8);
		assertThat(queue.offer(4, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
		Future<Boolean> waiting = this.executor.submit(() -> queue.offer(5, TimeUnit.SECONDS.toNanos(30)));
		held.release();
		assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void producerThatMustNotWaitIsPausedWhenFullAndResumedOnceTheConsumerMadeRoom() throws Exception {
		HeldConsumer held = new HeldConsumer();
		SerialQueue<Integer> queue = new SerialQueue<>(12, (item) -> 4, this.executor, held);
		AtomicInteger paused = new AtomicInteger();
		AtomicInteger resumed = new AtomicInteger();
		PausingProducer producer = new PausingProducer(paused::incrementAndGet, resumed::incrementAndGet);
		queue.offerAllOrPause(List.of(1), false, producer);
		held.awaitConsuming();
		queue.offerAllOrPause(List.of(2), false, producer);
		assertThat(paused).hasValue(0);
		// over the limit: taken all the same (the producer must not wait), and the producer is paused
		queue.offerAllOrPause(List.of(3, 4), false, producer);
		assertThat(paused).hasValue(1);
		assertThat(resumed).hasValue(0);
		held.release();
		await().until(() -> held.consumed.size() == 4);
		assertThat(held.consumed).containsExactly(1, 2, 3, 4);
		await().untilAtomic(resumed, org.hamcrest.Matchers.equalTo(1));
		queue.offerAllOrPause(List.of(5), false, producer);
		await().until(() -> held.consumed.size() == 5);
		assertThat(paused).hasValue(1);
		assertThat(resumed).hasValue(1);
	}

	@Test
	void pausedProducerIsResumedWhenTheQueueCloses() throws Exception {
		HeldConsumer held = new HeldConsumer();
		SerialQueue<Integer> queue = new SerialQueue<>(4, (item) -> 4, this.executor, held);
		AtomicInteger resumed = new AtomicInteger();
		PausingProducer producer = new PausingProducer(() -> { }, resumed::incrementAndGet);
		queue.offerAllOrPause(List.of(1), false, producer);
		held.awaitConsuming();
		queue.offerAllOrPause(List.of(2), false, producer);
		queue.close();
		assertThat(resumed).hasValue(1);
		held.release();
	}

	@Test
	void packetCountLimitMakesProducersWaitWhateverTheWeight() throws Exception {
		CountDownLatch consuming = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SerialQueue<Integer> queue = new SerialQueue<>(1_000_000, 3, (item) -> 1, this.executor, (batch) -> {
			consuming.countDown();
			hold(release);
		}, 0, Long.MAX_VALUE);
		assertThat(queue.offer(1, 0)).isTrue();
		consuming.await(30, TimeUnit.SECONDS); // item 1 is now held by the blocked consumer
		assertThat(queue.offer(2, 0)).isTrue();
		assertThat(queue.offer(3, 0)).isTrue();
		assertThat(queue.offer(4, TimeUnit.MILLISECONDS.toNanos(50))).as("a fourth item, one in flight").isFalse();
		assertThat(queue.offerAll(List.of(4, 5), 0, false)).as("a batch that does not fit").isFalse();
		Future<Boolean> waiting = this.executor.submit(() -> queue.offer(4, TimeUnit.SECONDS.toNanos(30)));
		release.countDown();
		assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void itemHeavierThanTheCapacityIsAdmittedIntoAnEmptyQueue() throws Exception {
		List<Integer> consumed = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(10, (item) -> 100, this.executor, consumed::addAll);
		assertThat(queue.offer(1, 0)).isTrue();
		await().until(() -> consumed.size() == 1);
	}

	@Test
	void offerAllAddsAWholeBatchInOrder() throws Exception {
		List<Integer> consumed = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor, consumed::addAll);
		List<Integer> batch = new ArrayList<>(List.of(1, 2, 3));
		assertThat(queue.offerAll(batch, 0, false)).isTrue();
		batch.clear(); // the queue keeps its own copy
		assertThat(queue.offerAll(List.of(4, 5), 0, false)).isTrue();
		await().until(() -> consumed.size() == 5);
		assertThat(consumed).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void producerConsumesItsOwnItemOnlyWhileTheGateIsOpen() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, Integer.MAX_VALUE, (item) -> 1, this.executor,
				(batch) -> threads.add(Thread.currentThread().getName()), 1, Long.MAX_VALUE);
		java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
		queue.inlineOnlyWhen(open::get);
		long created = System.nanoTime();
		while (System.nanoTime() == created) {
			Thread.onSpinWait(); // idle for longer than the 1 ns threshold
		}
		queue.offer(1, 0);
		assertThat(queue.awaitIdle(TimeUnit.SECONDS.toNanos(5))).isTrue();
		assertThat(threads).singleElement().isNotEqualTo(Thread.currentThread().getName());
		open.set(true);
		long drained = System.nanoTime();
		while (System.nanoTime() == drained) {
			Thread.onSpinWait();
		}
		queue.offer(2, 0);
		assertThat(threads).hasSize(2).last().isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void offerToAnIdleInlineQueueIsConsumedOnTheCallersThread() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, Integer.MAX_VALUE, (item) -> 1, this.executor,
				(batch) -> threads.add(Thread.currentThread().getName()), 1, Long.MAX_VALUE);
		long created = System.nanoTime();
		while (System.nanoTime() == created) {
			Thread.onSpinWait(); // idle for longer than the 1 ns threshold
		}
		queue.offer(1, 0);
		assertThat(threads).containsExactly(Thread.currentThread().getName());
		assertThat(queue.awaitIdle(TimeUnit.SECONDS.toNanos(5))).isTrue();
	}

	@Test
	void heavyItemOfferedWhileNothingIsConsumedIsConsumedOnTheCallersThread() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000_000, Integer.MAX_VALUE, (item) -> item, this.executor,
				(batch) -> threads.add(Thread.currentThread().getName()), 0, 1_000);
		queue.offer(5_000, 0);
		assertThat(threads).containsExactly(Thread.currentThread().getName());
		queue.offer(10, 0);
		await().until(() -> threads.size() == 2);
		assertThat(threads.get(1)).isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void batchOfferedInlineIsConsumedOnTheCallersThreadOnlyWhileNothingElseIsPending() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> threads = new CopyOnWriteArrayList<>();
		List<Integer> consumed = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor, (batch) -> {
			threads.add(Thread.currentThread().getName());
			consumed.addAll(batch);
			if (batch.contains(2)) {
				hold(release);
			}
		});
		assertThat(queue.offerAll(List.of(1), 0, true)).isTrue();
		assertThat(threads).containsExactly(Thread.currentThread().getName());
		queue.offerAll(List.of(2), 0, false);
		await().until(() -> threads.size() == 2);
		// a pooled drain is running: an inline batch must wait its turn behind it
		queue.offerAll(List.of(3), 0, true);
		release.countDown();
		await().until(() -> consumed.size() == 3);
		assertThat(consumed).containsExactly(1, 2, 3);
		assertThat(threads.get(2)).isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void interruptLeftByAnInlineConsumerDoesNotReachTheCaller() throws Exception {
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor,
				(batch) -> Thread.currentThread().interrupt());
		assertThat(queue.offerAll(List.of(1), 0, true)).isTrue();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		Thread.currentThread().interrupt();
		try {
			queue.offerAll(List.of(2), 0, true);
			assertThat(Thread.currentThread().isInterrupted()).as("the caller's own interrupt is kept").isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void queueWithoutInlineThresholdNeverConsumesOnTheCallersThread() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor,
				(batch) -> threads.add(Thread.currentThread().getName()));
		queue.offer(1, 0);
		await().until(() -> threads.size() == 1);
		assertThat(threads.get(0)).isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void closeHandsBackWhatWasNotConsumedAndRefusesMore() throws Exception {
		HeldConsumer held = new HeldConsumer();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, this.executor, held);
		queue.offer(1, 0);
		held.awaitConsuming();
		queue.offer(2, 0);
		queue.offer(3, 0);
		assertThat(queue.close()).containsExactly(2, 3);
		assertThatIllegalStateException().isThrownBy(() -> queue.offer(4, 0));
		held.release();
		assertThat(queue.awaitIdle(TimeUnit.SECONDS.toNanos(5))).isTrue();
	}

	@Test
	void closeAndInterruptFreesABlockedConsumerAndWakesAWaitingProducer() throws Exception {
		ExecutorService single = Executors.newSingleThreadExecutor();
		try {
			CountDownLatch consuming = new CountDownLatch(1);
			CountDownLatch interrupted = new CountDownLatch(1);
			SerialQueue<Integer> queue = new SerialQueue<>(3, (item) -> 1, single, (batch) -> {
				consuming.countDown();
				try {
					new CountDownLatch(1).await(); // a listener that never returns on its own
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
				}
			});
			queue.offer(1, 0);
			assertThat(consuming.await(30, TimeUnit.SECONDS)).isTrue();
			queue.offer(2, 0);
			queue.offer(3, 0);
			Future<Boolean> producer = this.executor.submit(() -> queue.offer(4, Long.MAX_VALUE));
			await().until(() -> !producer.isDone() && queue.weight() == 2);
			assertThat(queue.closeAndInterrupt()).containsExactly(2, 3);
			assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(queue.awaitIdle(TimeUnit.SECONDS.toNanos(30))).isTrue();
			await().until(producer::isDone);
			assertThatIllegalStateException().isThrownBy(() -> {
				try {
					producer.get();
				}
				catch (ExecutionException ex) {
					throw ex.getCause();
				}
			});
			assertThat(single.submit(() -> Thread.currentThread().isInterrupted()).get(30, TimeUnit.SECONDS))
				.as("the pool thread is handed back without the interrupt")
				.isFalse();
		}
		finally {
			single.shutdownNow();
		}
	}

	@Test
	void drainTaskOfAClosedQueueReturnsAtOnce() throws Exception {
		List<Runnable> tasks = new ArrayList<>();
		List<Integer> consumed = new ArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, tasks::add, consumed::addAll);
		queue.offer(1, 0);
		assertThat(tasks).hasSize(1);
		queue.closeAndInterrupt();
		tasks.get(0).run();
		assertThat(consumed).isEmpty();
		assertThat(queue.awaitIdle(0)).isTrue();
	}

	@Test
	void consumerFailureDoesNotStopLaterItems() throws Exception {
		List<Integer> consumed = new CopyOnWriteArrayList<>();
		SerialQueue<Integer> queue = new SerialQueue<>(1_000, (item) -> 1, (task) -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// what an executor does with a failed task
			}
		}, (batch) -> {
			if (batch.contains(1)) {
				throw new IllegalStateException("boom");
			}
			consumed.addAll(batch);
		});
		queue.offer(1, 0);
		queue.offer(2, 0);
		assertThat(consumed).containsExactly(2);
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A consumer that signals when it starts a batch, holds it until released (at most 30 s),
	 * then records it.
	 */
	private static final class HeldConsumer implements Consumer<List<Integer>> {

		private final CountDownLatch consuming = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		final List<Integer> consumed = new CopyOnWriteArrayList<>();

		@Override
		public void accept(List<Integer> batch) {
			this.consuming.countDown();
			hold(this.released);
			this.consumed.addAll(batch);
		}

		void awaitConsuming() throws InterruptedException {
			this.consuming.await(30, TimeUnit.SECONDS);
		}

		void release() {
			this.released.countDown();
		}

	}

}
