package dev.p2p.bench;

/**
 * One receiver of a reference variant: the checker of its packets, the failure its I/O thread recorded.
 */
final class CheckedReceiver {

	final SequenceChecker checker;

	volatile Throwable error;

	CheckedReceiver(int payloadSize) {
		this.checker = new SequenceChecker(payloadSize);
	}

	/**
	 * Fail unless receiving went well and exactly {@code total} packets arrived, in order, with the right
	 * checksum.
	 * @param total packets sent so far
	 */
	void verify(long total) {
		ReferenceVariant.throwIfFailed("receiving", this.error);
		this.checker.verify(total);
	}

}
