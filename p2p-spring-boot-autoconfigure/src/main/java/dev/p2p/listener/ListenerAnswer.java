package dev.p2p.listener;

import dev.p2p.session.PacketResponder;

/**
 * The answer of the listeners of one packet: their return values and failures go to the
 * packet's {@link PacketResponder}, and once every listener has returned and every future a
 * listener returned has completed, the responder is told it is complete (a request nobody
 * answered then gets an empty REPLY). Futures may complete on any thread.
 */
final class ListenerAnswer {

	private final PacketResponder responder;

	private boolean listenersDone;

	private int deferred;

	private boolean completed;

	ListenerAnswer(PacketResponder responder) {
		this.responder = responder;
	}

	PacketResponder responder() {
		return this.responder;
	}

	void reply(Enum<?> type, byte[] payload) {
		this.responder.reply(type, payload);
	}

	void failed(String exceptionType, String message) {
		this.responder.replyError(exceptionType, message);
	}

	/** A listener returned a future: the answer waits for it. */
	synchronized void defer() {
		this.deferred++;
	}

	/** A future a listener returned has completed. */
	void resolved() {
		synchronized (this) {
			this.deferred--;
		}
		completeIfDone();
	}

	/** Every listener has returned. */
	void done() {
		synchronized (this) {
			this.listenersDone = true;
		}
		completeIfDone();
	}

	private void completeIfDone() {
		boolean complete;
		synchronized (this) {
			complete = this.listenersDone && this.deferred == 0 && !this.completed;
			this.completed |= complete;
		}
		if (complete) {
			this.responder.complete();
		}
	}

}
