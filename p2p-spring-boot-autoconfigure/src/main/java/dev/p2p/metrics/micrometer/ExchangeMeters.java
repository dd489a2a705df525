package dev.p2p.metrics.micrometer;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.p2p.metrics.RequestOutcome;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.StreamOutcome;

import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.LISTENER_DURATION;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.REQUESTS;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.STREAMS;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.STREAM_BYTES;

/**
 * Meters of what the application exchanges, per packet type: listener durations, requests from
 * sending to the reply, and streams with their bytes. Created up front for every type and
 * outcome, so recording only indexes arrays by ordinal.
 */
final class ExchangeMeters {

	private final MeterRegistry registry;

	private final PacketTypeRegistry packetTypes;

	private final Timer[] listenerSucceeded;

	private final Timer[] listenerFailed;

	/** Request timers by packet type ordinal, then outcome ordinal. */
	private final Timer[][] requests;

	/** Stream timers by direction (0 sent, 1 received), packet type ordinal, then outcome ordinal. */
	private final Timer[][][] streams;

	/** Stream byte counters by direction, then packet type ordinal. */
	private final Counter[][] streamBytes;

	ExchangeMeters(MeterRegistry registry, PacketTypeRegistry packetTypes) {
		this.registry = registry;
		this.packetTypes = packetTypes;
		int count = packetTypes.types().size();
		this.listenerSucceeded = new Timer[count];
		this.listenerFailed = new Timer[count];
		this.requests = new Timer[count][RequestOutcome.values().length];
		for (Enum<?> type : packetTypes.types()) {
			this.listenerSucceeded[type.ordinal()] = listenerTimer(type, "success");
			this.listenerFailed[type.ordinal()] = listenerTimer(type, "error");
			for (RequestOutcome outcome : RequestOutcome.values()) {
				this.requests[type.ordinal()][outcome.ordinal()] = requestTimer(type, outcome);
			}
		}
		this.streams = new Timer[2][count][StreamOutcome.values().length];
		this.streamBytes = new Counter[2][count];
		for (int direction = 0; direction < 2; direction++) {
			String tag = (direction == 0) ? "sent" : "received";
			for (Enum<?> type : packetTypes.types()) {
				for (StreamOutcome outcome : StreamOutcome.values()) {
					this.streams[direction][type.ordinal()][outcome.ordinal()] = Timer.builder(STREAMS)
						.description("Streams, from opening to the end")
						.tags("type", type.name(), "direction", tag, "outcome", outcome.tag())
						.register(registry);
				}
				this.streamBytes[direction][type.ordinal()] = Counter.builder(STREAM_BYTES)
					.description("Data bytes of streams, counted when each stream ends")
					.baseUnit("bytes")
					.tags("type", type.name(), "direction", tag)
					.register(registry);
			}
		}
	}

	private Timer listenerTimer(Enum<?> type, String outcome) {
		return Timer.builder(LISTENER_DURATION)
			.description("Time @PacketListener methods take, payload decoding and reply included")
			.tags("type", type.name(), "outcome", outcome)
			.register(this.registry);
	}

	private Timer requestTimer(Enum<?> type, RequestOutcome outcome) {
		return Timer.builder(REQUESTS)
			.description("Requests sent to peers, from sending to the reply (or failure)")
			.tags("type", type.name(), "outcome", outcome.tag())
			.register(this.registry);
	}

	void listenerInvoked(Enum<?> type, boolean failed, long nanos) {
		(failed ? this.listenerFailed : this.listenerSucceeded)[type.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
	}

	void requestCompleted(Enum<?> type, RequestOutcome outcome, long nanos) {
		// a built-in command is not of the application's enum: rare, looked up in the registry each time
		Timer timer = this.packetTypes.getEnumType().isInstance(type) ? this.requests[type.ordinal()][outcome.ordinal()]
				: requestTimer(type, outcome);
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	void streamEnded(Enum<?> type, boolean sent, StreamOutcome outcome, long bytes, long nanos) {
		int direction = sent ? 0 : 1;
		this.streams[direction][type.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
		this.streamBytes[direction][type.ordinal()].increment(bytes);
	}

}
