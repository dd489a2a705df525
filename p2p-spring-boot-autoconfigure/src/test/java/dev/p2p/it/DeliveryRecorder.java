package dev.p2p.it;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.event.PacketsUndeliveredEvent;
import dev.p2p.event.SessionResumedEvent;
import dev.p2p.listener.PacketListener;

/**
 * Opt-in configuration of the delivery tests: records every numbered UNHANDLED packet it gets
 * (a test that does not add it keeps nothing per packet), the packets this node was told were
 * not delivered, and the resumptions.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryRecorder {

	/** Properties that make UNHANDLED a numbered packet (8 bytes, the number). */
	static final String CODEC = "p2p.codec.types.UNHANDLED=bytes";

	final Queue<Long> received = new ConcurrentLinkedQueue<>();

	final Queue<Long> undelivered = new ConcurrentLinkedQueue<>();

	final Queue<SessionResumedEvent> resumptions = new ConcurrentLinkedQueue<>();

	@PacketListener("UNHANDLED")
	void onNumbered(byte[] payload) {
		this.received.add(ByteBuffer.wrap(payload).getLong());
	}

	@Bean
	ApplicationListener<PacketsUndeliveredEvent> deliveryRecorderUndelivered() {
		return (event) -> event.getPackets()
			.forEach((packet) -> this.undelivered.add(ByteBuffer.wrap(packet.payload()).getLong()));
	}

	@Bean
	ApplicationListener<SessionResumedEvent> deliveryRecorderResumed() {
		return this.resumptions::add;
	}

	static byte[] number(long value) {
		return ByteBuffer.allocate(8).putLong(value).array();
	}

	/**
	 * Count what a list of received numbers lacks, repeats and has out of order.
	 * @param numbers the numbers in arrival order
	 * @param count how many were sent (0 to count-1)
	 * @return lost, duplicated, reordered
	 */
	static long[] tally(List<Long> numbers, long count) {
		boolean[] seen = new boolean[(int) count];
		long duplicated = 0;
		long reordered = 0;
		long last = -1;
		for (long number : numbers) {
			if (seen[(int) number]) {
				duplicated++;
			}
			seen[(int) number] = true;
			if (number < last) {
				reordered++;
			}
			last = Math.max(last, number);
		}
		long lost = 0;
		for (boolean one : seen) {
			lost += one ? 0 : 1;
		}
		return new long[] { lost, duplicated, reordered };
	}

}
