package dev.p2p.listener;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.event.RejectionReason;
import dev.p2p.session.PacketResponder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer of a packet's listeners, without sockets: replies and failures go to the
 * responder, and it is told complete only once every listener and every deferred future is done.
 */
class ListenerAnswerTests {

	private final RecordingResponder responder = new RecordingResponder();

	private final ListenerAnswer answer = new ListenerAnswer(this.responder);

	@Test
	void completesWhenTheListenersAreDone() {
		this.answer.reply(Thread.State.NEW, new byte[] { 1 });
		assertThat(this.responder.calls).containsExactly("reply NEW");
		this.answer.done();
		assertThat(this.responder.calls).containsExactly("reply NEW", "complete");
	}

	@Test
	void waitsForEveryDeferredFutureBeforeCompleting() {
		this.answer.defer();
		this.answer.defer();
		this.answer.done();
		assertThat(this.responder.calls).isEmpty();
		this.answer.resolved();
		assertThat(this.responder.calls).isEmpty();
		this.answer.failed("java.lang.IllegalStateException", "late");
		this.answer.resolved();
		assertThat(this.responder.calls).containsExactly("error java.lang.IllegalStateException late", "complete");
	}

	@Test
	void completesOnlyOnce() {
		this.answer.done();
		this.answer.defer();
		this.answer.resolved();
		assertThat(this.responder.calls).containsExactly("complete");
	}

	@Test
	void aFutureResolvedBeforeTheListenersAreDoneWaitsForThem() {
		this.answer.defer();
		this.answer.resolved();
		assertThat(this.responder.calls).isEmpty();
		this.answer.done();
		assertThat(this.responder.calls).containsExactly("complete");
	}

	@Test
	void futuresResolvedOnManyThreadsCompleteItOnce() throws InterruptedException {
		int futures = 2_000;
		for (int i = 0; i < futures; i++) {
			this.answer.defer();
		}
		this.answer.done();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < futures / 4; i++) {
					this.answer.resolved();
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(this.responder.calls).containsExactly("complete");
	}

	private static final class RecordingResponder implements PacketResponder {

		final List<String> calls = new ArrayList<>();

		@Override
		public void reply(Enum<?> type, byte[] payload) {
			this.calls.add("reply " + type.name());
		}

		@Override
		public void replyError(String exceptionType, String message) {
			this.calls.add("error " + exceptionType + " " + message);
		}

		@Override
		public void complete() {
			this.calls.add("complete");
		}

		@Override
		public void reject(RejectionReason reason, String detail) {
			this.calls.add("reject " + reason);
		}

		@Override
		public void listenerFailed(Enum<?> type, String listener, Throwable exception) {
			this.calls.add("failed " + listener);
		}

	}

}
