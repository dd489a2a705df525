package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * Outbound queues.
 * <p>
 * Bound under {@code p2p.send} as part of {@link P2pProperties}.
 */
public class P2pSendProperties {

	/**
	 * Bytes that may wait in one peer's outbound queue. Each packet counts its wire size
	 * plus about 224 bytes for the objects that hold it (frame, queue entry, future), so
	 * this bounds the heap a queue of small packets costs. A sender that finds it full
	 * waits up to the timeout, then the send fails.
	 */
	private DataSize queueCapacity = DataSize.ofMegabytes(8);

	/**
	 * Packets that may wait in one peer's outbound queue, whatever their size; a sender
	 * that finds it full waits like for queue-capacity.
	 */
	private int queuePackets = 65_536;

	/**
	 * How long a send waits for room in a full queue before failing with
	 * SendQueueFullException.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	public DataSize getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(DataSize queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getQueuePackets() {
		return this.queuePackets;
	}

	public void setQueuePackets(int queuePackets) {
		this.queuePackets = queuePackets;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
