package dev.p2p.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A packet a {@link TestPeer} waits for: the next packet of a type (not returned by an earlier
 * expectation), optionally one whose payload matches. {@link #within(Duration)} waits for it.
 *
 * @param <T> the payload type
 */
public final class ExpectedPacket<T> {

	private final PacketCapture capture;

	private final Enum<?> type;

	private final Class<T> payloadType;

	private final Function<PacketCapture.Entry, T> decoder;

	private final Predicate<? super T> condition;

	private final String description;

	private final Duration defaultTimeout;

	ExpectedPacket(PacketCapture capture, Enum<?> type, Class<T> payloadType, Function<PacketCapture.Entry, T> decoder,
			Predicate<? super T> condition, String description, Duration defaultTimeout) {
		this.capture = capture;
		this.type = type;
		this.payloadType = payloadType;
		this.decoder = decoder;
		this.condition = condition;
		this.description = description;
		this.defaultTimeout = defaultTimeout;
	}

	/**
	 * Expect a packet whose payload matches; packets of the type that do not match stay for later
	 * expectations.
	 * @param matching the condition
	 * @return the narrowed expectation
	 */
	public ExpectedPacket<T> matching(Predicate<? super T> matching) {
		return new ExpectedPacket<>(this.capture, this.type, this.payloadType, this.decoder,
				(payload) -> this.condition.test(payload) && matching.test(payload), this.description + " (matching)",
				this.defaultTimeout);
	}

	/**
	 * Wait for the packet.
	 * @param timeout how long to wait at most
	 * @return the packet
	 * @throws AssertionError if it does not arrive in time, listing what did arrive
	 */
	public Received<T> within(Duration timeout) {
		AtomicReference<PacketCapture.Entry> found = new AtomicReference<>();
		AtomicReference<T> payload = new AtomicReference<>();
		try {
			Awaitility.await(this.description)
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.until(() -> {
					PacketCapture.Entry entry = this.capture.take(this.type, (candidate) -> {
						T decoded = this.decoder.apply(candidate);
						if (this.condition.test(decoded)) {
							payload.set(decoded);
							return true;
						}
						return false;
					});
					found.set(entry);
					return entry != null;
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Expected " + this.description + " within " + timeout.toMillis()
					+ " ms; received " + this.capture.summary(), ex);
		}
		PacketCapture.Entry entry = found.get();
		return new Received<>(this.type, payload.get(), entry.from, entry.at);
	}

	/**
	 * Wait for the packet as long as the test peer's default timeout.
	 * @return the packet
	 */
	public Received<T> get() {
		return within(this.defaultTimeout);
	}

	/**
	 * Wait for the packet and return its payload.
	 * @return the payload
	 */
	public T payload() {
		return get().payload();
	}

}
