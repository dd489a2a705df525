package dev.p2p.bench;

/**
 * Timed windows of numbered packets for the reference variants: send, wait for every receiver, verify.
 */
final class PacketWindows implements ThroughputPair, FanoutGroup {

	private final Sender sender;

	private final CheckedReceiver[] receivers;

	private final String where;

	private final Runnable close;

	private long total;

	/**
	 * Windows over connected endpoints.
	 * @param sender sends to every receiver
	 * @param receivers the receivers, each checking what it gets
	 * @param where appended to {@code "packet N"} in the timeout message
	 * @param close closes the endpoints
	 */
	PacketWindows(Sender sender, CheckedReceiver[] receivers, String where, Runnable close) {
		this.sender = sender;
		this.receivers = receivers;
		this.where = where;
		this.close = close;
	}

	@Override
	public long sendWindow(int packets) throws Exception {
		return window(packets);
	}

	@Override
	public long broadcastWindow(int packets) throws Exception {
		return window(packets);
	}

	private long window(int packets) throws Exception {
		ReferenceVariant.checkCount(packets);
		long start = System.nanoTime();
		long first = this.total;
		long target = this.total += packets;
		this.sender.send(first, target);
		Waits.until(() -> allReceived(target) || this.sender.error() != null, ReferenceVariant.TIMEOUT_MILLIS,
				"packet " + (target - 1) + this.where);
		long elapsed = System.nanoTime() - start;
		ReferenceVariant.throwIfFailed("sending", this.sender.error());
		for (CheckedReceiver receiver : this.receivers) {
			receiver.verify(target);
		}
		return elapsed;
	}

	/** Whether to stop waiting: every receiver holds {@code target} packets, or one of them failed. */
	private boolean allReceived(long target) {
		for (CheckedReceiver receiver : this.receivers) {
			if (receiver.error != null) {
				return true;
			}
			if (receiver.checker.received() < target) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void close() {
		this.close.run();
	}

	/** Sends the packets of one window to every receiver. */
	@FunctionalInterface
	interface Sender {

		/**
		 * Send the packets numbered {@code first} up to but excluding {@code end}; may return before
		 * all are sent.
		 * @param first the first sequence number
		 * @param end one past the last sequence number
		 * @throws Exception if sending fails at once
		 */
		void send(long first, long end) throws Exception;

		/**
		 * A failure recorded while sending in the background.
		 * @return the failure, or {@code null}
		 */
		default Throwable error() {
			return null;
		}

	}

}
