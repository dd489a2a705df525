package dev.p2p.bench;

import java.util.Arrays;

import dev.p2p.wire.FrameFormat;

/**
 * Base of the reference variants (raw Netty, plain sockets, RSocket, Spring Integration IP): frame format,
 * checks, set-up. Pairs and fan-out groups are a variant's receiver and hub halves ({@link RemoteFanout}) in
 * one JVM.
 */
abstract class ReferenceVariant implements Variant, RemoteFanout, EchoNode {

	/** Type code of every data frame. */
	static final int DATA_TYPE = 13;

	/** Type and length, four little-endian bytes each. */
	static final int HEADER_SIZE = FrameFormat.HEADER_SIZE;

	/** Largest payload accepted; the largest frame is this plus the header (16 MiB + 8). */
	static final int MAX_PAYLOAD = 16 * 1024 * 1024;

	/** How long any one wait (a window, an accept, a reply) may take. */
	static final int TIMEOUT_MILLIS = 120_000;

	/** The constant byte every payload is filled with before its sequence number is written. */
	private static final byte FILL = 0x5A;

	@Override
	public final ThroughputPair throughputPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		return RemoteFanout.inProcess(this, 1, payloadSize, false);
	}

	@Override
	public final RoundTripPair roundTripPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		return openRoundTrips(payloadSize);
	}

	@Override
	public final FanoutGroup fanoutGroup(int receivers, int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		checkReceivers(receivers);
		return RemoteFanout.inProcess(this, receivers, payloadSize, true);
	}

	/**
	 * Set up a client and a server that echoes every frame.
	 * @param payloadSize bytes per request and reply, already checked
	 * @return the pair
	 * @throws Exception if setting up fails; the endpoints are closed then
	 */
	abstract RoundTripPair openRoundTrips(int payloadSize) throws Exception;

	private static void checkPayloadSize(int payloadSize) {
		if (payloadSize < 8 || payloadSize > MAX_PAYLOAD) {
			throw new IllegalArgumentException(
					"payload size must be between 8 and " + MAX_PAYLOAD + ": " + payloadSize);
		}
	}

	private static void checkReceivers(int receivers) {
		if (receivers < 1) {
			throw new IllegalArgumentException("receivers must be at least 1: " + receivers);
		}
	}

	static void checkCount(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative: " + count);
		}
	}

	/**
	 * What is wrong with a received frame header.
	 * @param type the type code it carries
	 * @param length the payload length it announces
	 * @return the problem, or {@code null} if the header is valid
	 */
	static String headerProblem(int type, int length) {
		if (type != DATA_TYPE) {
			return "unexpected frame type " + Integer.toUnsignedString(type);
		}
		if (length < 8 || length > MAX_PAYLOAD) {
			return "bad payload length " + Integer.toUnsignedString(length);
		}
		return null;
	}

	/**
	 * The failure of a round trip whose reply is not the one expected.
	 * @param expected the sequence number sent
	 * @param payloadSize the payload length sent
	 * @param sequence the sequence number replied
	 * @param length the payload length replied
	 * @return the failure, or {@code null} if the reply matches
	 */
	static IllegalStateException wrongReply(long expected, int payloadSize, long sequence, int length) {
		if (length == payloadSize && sequence == expected) {
			return null;
		}
		return new IllegalStateException(
				"expected reply " + expected + " of " + payloadSize + " bytes, got " + sequence + " of " + length);
	}

	/** What came back to one request: the sequence number it carries and its payload length. */
	record Reply(long sequence, int length) {
	}

	/** Sends request {@code sequence} and waits for its reply. */
	@FunctionalInterface
	interface Exchange {

		Reply exchange(long sequence) throws Exception;

	}

	/**
	 * A round-trip pair doing one {@code exchange} after the other, numbering requests across calls.
	 * @param exchange one round trip
	 * @param payloadSize the expected reply length
	 * @param close closes the endpoints
	 * @return the pair
	 */
	static RoundTripPair timedPair(Exchange exchange, int payloadSize, AutoCloseable close) {
		return new RoundTripPair() {

			private long sequence;

			@Override
			public long[] roundTrips(int count) throws Exception {
				long[] times = timedRoundTrips(count, this.sequence, exchange, payloadSize);
				this.sequence += count;
				return times;
			}

			@Override
			public void close() throws Exception {
				close.close();
			}

		};
	}

	/**
	 * Round trips one after the other, each reply checked against its request.
	 * @param count round trips
	 * @param first the sequence number of the first request
	 * @param exchange one round trip
	 * @param payloadSize the expected reply length
	 * @return the duration of each round trip in nanoseconds
	 * @throws Exception if a round trip fails or a reply is wrong
	 */
	static long[] timedRoundTrips(int count, long first, Exchange exchange, int payloadSize) throws Exception {
		checkCount(count);
		long[] times = new long[count];
		for (int i = 0; i < count; i++) {
			long sequence = first + i;
			long start = System.nanoTime();
			Reply reply = exchange.exchange(sequence);
			long end = System.nanoTime();
			IllegalStateException wrong = wrongReply(sequence, payloadSize, reply.sequence(), reply.length());
			if (wrong != null) {
				throw wrong;
			}
			times[i] = end - start;
		}
		return times;
	}

	/** A payload of the constant fill; senders write the sequence number over its first 8 bytes. */
	static byte[] template(int payloadSize) {
		byte[] template = new byte[payloadSize];
		Arrays.fill(template, FILL);
		return template;
	}

	/** A fresh payload of the constant fill carrying {@code sequence} in its first 8 bytes. */
	static byte[] numbered(int payloadSize, long sequence) {
		byte[] payload = template(payloadSize);
		SequenceChecker.writeLongLE(payload, 0, sequence);
		return payload;
	}

	/** A whole data frame: header and the constant fill; the caller writes the sequence number. */
	static byte[] frame(int payloadSize) {
		byte[] frame = new byte[HEADER_SIZE + payloadSize];
		FrameFormat.writeHeader(frame, 0, DATA_TYPE, payloadSize);
		Arrays.fill(frame, HEADER_SIZE, frame.length, FILL);
		return frame;
	}

	/**
	 * Throw if an I/O thread recorded a failure.
	 * @param action what failed, {@code sending} or {@code receiving}
	 * @param failure the recorded failure, or {@code null}
	 */
	static void throwIfFailed(String action, Throwable failure) {
		if (failure != null) {
			throw new IllegalStateException(action + " failed: " + failure, failure);
		}
	}

	/**
	 * Run a set-up step, closing the endpoints it works on if it fails.
	 * @param <T> what the set-up builds
	 * @param close closes the endpoints
	 * @param setup the set-up step
	 * @return what the set-up built (it owns the endpoints from then on)
	 * @throws Exception if the set-up fails
	 */
	static <T> T closeOnFailure(Runnable close, Setup<T> setup) throws Exception {
		try {
			return setup.run();
		}
		catch (Exception | Error ex) {
			close.run();
			throw ex;
		}
	}

	/** A set-up step that may fail. */
	@FunctionalInterface
	interface Setup<T> {

		T run() throws Exception;

	}

}
